import { createMatcher } from '../../alerting';
import { checkDrafts, draftsFromMatchers } from './matcherDrafts';

describe('matcher drafts', () => {
  it('round-trips matchers with every operator', () => {
    const matchers = [
      createMatcher('alertname', '=', 'VigilAnomaly'),
      createMatcher('instance', '!=', 'web-1'),
      createMatcher('job', '=~', 'vigil-.*'),
      createMatcher('env', '!~', 'dev|test'),
    ];
    const drafts = draftsFromMatchers(matchers);
    expect(drafts.map((one) => one.operator)).toEqual(['=', '!=', '=~', '!~']);
    expect(checkDrafts(drafts).matchers).toEqual(matchers);
  });

  it('names the draft that is not a matcher', () => {
    const checked = checkDrafts([
      { name: 'alertname', operator: '=', value: 'VigilAnomaly' },
      { name: '1bad', operator: '=', value: 'x' },
      { name: 'job', operator: '=~', value: '(' },
    ]);
    expect(checked.matchers).toBeUndefined();
    expect(checked.errors[0]).toBeUndefined();
    expect(checked.errors[1]).toMatch(/invalid label name/);
    expect(checked.errors[2]).toBeDefined();
  });

  it('refuses no matchers, and matchers that would all match an alert without the label', () => {
    expect(checkDrafts([]).problem).toMatch(/at least one/i);
    expect(checkDrafts([{ name: 'team', operator: '=~', value: '.*' }]).problem).toMatch(/non-empty/);
    expect(checkDrafts([{ name: 'team', operator: '!=', value: 'a' }]).problem).toMatch(/non-empty/);
    expect(checkDrafts([{ name: 'team', operator: '=', value: 'a' }]).problem).toBeUndefined();
  });
});
