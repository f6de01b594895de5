import { createHash } from 'node:crypto';

/** JSON as Go's encoding/json writes it: map keys sorted, and <, >, &, U+2028, U+2029 escaped. */
function goJson(value: unknown): string {
  const sorted = (input: unknown): unknown => {
    if (Array.isArray(input)) {
      return input.map(sorted);
    }
    if (input && typeof input === 'object') {
      const record = input as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((key) => [key, sorted(record[key])])
      );
    }
    return input;
  };
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/**
 * The suffix kustomize's configMapGenerator appends to a ConfigMap's name (`vigil-config-<suffix>`), so
 * `vigil k8s render` names the ConfigMap exactly as `kubectl kustomize` does: the first ten hex digits of
 * SHA-256 over `{"data":…,"kind":"ConfigMap","name":""}`, with 0, 1, 3, a, e mapped to g, h, k, m, t.
 * The empty name is what kustomize 5 hashes (its lookup of `metadata/name` finds nothing), so the suffix
 * depends on the data alone.
 */
export function configMapNameSuffix(data: Record<string, string>): string {
  const hex = createHash('sha256')
    .update(goJson({ kind: 'ConfigMap', name: '', data }))
    .digest('hex');
  const substitutes: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((char) => substitutes[char] ?? char).join('');
}
