import { configMapNameSuffix } from './kustomizeHash';

// Expected values are the suffixes `kubectl kustomize` (kustomize v5.5) gave a configMapGenerator over
// a file config.yaml holding each text.
describe('configMapNameSuffix', () => {
  it.each([
    ['a: 1\n', 'k4g754g8mg'],
    ['a: <b>\n', 'fgg58dk92g'],
    ['a: & x\\u2028 é\n', '4f7f9b49gb'],
    ['a: & x\u2028 é\n', 't7t8db96h9'],
  ])('matches kustomize for %j', (text, suffix) => {
    expect(configMapNameSuffix({ 'config.yaml': text })).toBe(suffix);
  });

  it('does not depend on key order', () => {
    expect(configMapNameSuffix({ a: '1', b: '2' })).toBe(configMapNameSuffix({ b: '2', a: '1' }));
  });
});
