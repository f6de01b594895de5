/** Runs a step generator to its end and returns its result (for hosts that train in one go). */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) {
      return next.value;
    }
  }
}
