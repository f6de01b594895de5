import { isMuted, parseMuteRules } from './mute';

const NOW = Date.UTC(2026, 5, 1);
const labels = { alertname: 'VigilAnomaly', instance: 'db-1', severity: 'warning' };

describe('mute rules', () => {
  it('parses config entries with text matchers and an until date', () => {
    const rules = parseMuteRules([
      { matchers: '{instance=~"db-.*"}', until: '2026-06-02T00:00:00Z', comment: 'maintenance' },
      { matchers: ['severity="info"'] },
    ]);
    expect(rules).toEqual([
      {
        matchers: [{ name: 'instance', value: 'db-.*', isRegex: true, isEqual: true }],
        untilMs: Date.UTC(2026, 5, 2),
        comment: 'maintenance',
      },
      { matchers: [{ name: 'severity', value: 'info', isRegex: false, isEqual: true }] },
    ]);
  });

  it('mutes matching alerts until the end time only', () => {
    const rules = parseMuteRules([{ matchers: 'instance=~"db-.*"', until: NOW + 1000 }]);
    expect(isMuted(rules, labels, NOW)).toBe(true);
    expect(isMuted(rules, labels, NOW + 1000)).toBe(false);
    expect(isMuted(rules, { ...labels, instance: 'web-1' }, NOW)).toBe(false);
  });

  it('names the entry and key of a mistake', () => {
    expect(() => parseMuteRules([{ matchers: 'a="b"' }, { matchers: 'a="b"', until: 'tomorrow' }])).toThrow(
      'mutes[1].until: "tomorrow" is not a date'
    );
    expect(() => parseMuteRules([{ matchers: 'a~b' }])).toThrow(/^mutes\[0\]\.matchers: cannot parse matcher/);
    expect(() => parseMuteRules([{ until: 5 }])).toThrow(/^mutes\[0\]\.matchers: /);
    expect(() => parseMuteRules([{ matchers: '{}' }])).toThrow('mutes[0].matchers: at least one matcher is required');
  });
});
