/** A User Timing mark for the browser benchmark; a no-op where the runtime has none (jsdom). */
export function markTiming(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') {
    performance.mark(name);
  }
}
