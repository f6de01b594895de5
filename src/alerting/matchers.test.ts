import {
  createMatcher,
  exactMatchers,
  formatMatchers,
  MatcherError,
  matcherMatches,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from './matchers';

const labels = { alertname: 'VigilAnomaly', instance: 'web-12', job: 'node', severity: 'warning' };

describe('label matchers', () => {
  it('parses the four operators, quoted and bare values', () => {
    expect(parseMatchers('{a="x", b!="y", c=~"z.*", d!~\'w\'}')).toEqual([
      { name: 'a', value: 'x', isRegex: false, isEqual: true },
      { name: 'b', value: 'y', isRegex: false, isEqual: false },
      { name: 'c', value: 'z.*', isRegex: true, isEqual: true },
      { name: 'd', value: 'w', isRegex: true, isEqual: false },
    ]);
    expect(parseMatcher('instance = web-1')).toEqual({
      name: 'instance',
      value: 'web-1',
      isRegex: false,
      isEqual: true,
    });
  });

  it('keeps commas and escaped quotes inside quoted values', () => {
    expect(parseMatchers('path=~"/a,/b", note="say \\"hi\\""').map((m) => m.value)).toEqual(['/a,/b', 'say "hi"']);
  });

  it('anchors regexes at both ends, like Alertmanager', () => {
    expect(matcherMatches(parseMatcher('instance=~"web"'), labels)).toBe(false);
    expect(matcherMatches(parseMatcher('instance=~"web-.*"'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher('instance=~"web-1|web-12"'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher('instance=~"eb-12"'), labels)).toBe(false);
    expect(matcherMatches(parseMatcher('instance!~"web"'), labels)).toBe(true);
  });

  it('treats a missing label as the empty string', () => {
    expect(matcherMatches(parseMatcher('team=""'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher('team!=""'), labels)).toBe(false);
    expect(matcherMatches(parseMatcher('team=~".*"'), labels)).toBe(true);
    expect(matcherMatches(parseMatcher('team=~".+"'), labels)).toBe(false);
  });

  it('requires every matcher to match', () => {
    expect(matchesAll(parseMatchers('{job="node", severity!="critical"}'), labels)).toBe(true);
    expect(matchesAll(parseMatchers('{job="node", severity="critical"}'), labels)).toBe(false);
    expect(matchesAll([], labels)).toBe(true);
  });

  it('formats back to text that parses to the same matchers', () => {
    const matchers = parseMatchers('{a="x", b!~"y|z"}');
    expect(formatMatchers(matchers)).toBe('{a="x", b!~"y|z"}');
    expect(parseMatchers(formatMatchers(matchers))).toEqual(matchers);
  });

  it('builds exact matchers that cover one alert and not its neighbours', () => {
    const matchers = exactMatchers({ severity: 'warning', instance: 'web-1', alertname: 'VigilAnomaly' });
    expect(formatMatchers(matchers)).toBe('{alertname="VigilAnomaly", instance="web-1", severity="warning"}');
    expect(matchesAll(matchers, { alertname: 'VigilAnomaly', instance: 'web-1', severity: 'warning' })).toBe(true);
    expect(matchesAll(matchers, { alertname: 'VigilAnomaly', instance: 'web-12', severity: 'warning' })).toBe(false);
  });

  it('explains bad matchers', () => {
    expect(() => parseMatcher('instance~"x"')).toThrow(MatcherError);
    expect(() => parseMatcher('instance~"x"')).toThrow('cannot parse matcher "instance~\\"x\\""');
    expect(() => parseMatcher('instance=~"("')).toThrow(/invalid regular expression "\(" for label instance/);
    expect(() => createMatcher('1abc', '=', 'x')).toThrow(/invalid label name "1abc"/);
    expect(() => parseMatcher('a="unterminated')).toThrow(/unterminated quoted value/);
  });
});
