/**
 * Why a saved state cannot continue under the spec's parameters: the first parameter whose saved value differs,
 * as `saved with window=120, the spec now gives 4000`; null when every parameter agrees.
 */
export function paramMismatch(saved: Readonly<Record<string, unknown>>, params: object): string | null {
  const current = params as Readonly<Record<string, unknown>>;
  const changed = Object.keys(current).find((key) => saved[key] !== current[key]);
  return changed === undefined
    ? null
    : `saved with ${changed}=${String(saved[changed])}, the spec now gives ${String(current[changed])}`;
}

/** Throws paramMismatch's reason when a saved state's parameters are not the spec's. */
export function assertParamsMatch(saved: Readonly<Record<string, unknown>>, params: object): void {
  const mismatch = paramMismatch(saved, params);
  if (mismatch !== null) {
    throw new Error(mismatch);
  }
}
