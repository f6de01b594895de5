const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;
const SEPARATOR = 0xff;

/**
 * The fingerprint Alertmanager gives an alert (`model.LabelSet.Fingerprint` of prometheus/common), as its API and
 * webhooks show it: FNV-1a 64 over the labels sorted by name, each as name, 0xff, value, 0xff (UTF-8 bytes), in 16
 * hex digits.
 */
export function alertmanagerFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  let hash = FNV64_OFFSET;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const text of [name, labels[name]]) {
      encoder.encode(text).forEach(add);
      add(SEPARATOR);
    }
  }
  return hash.toString(16).padStart(16, '0');
}
