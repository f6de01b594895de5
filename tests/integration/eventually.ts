/** Polls until `read` returns a value `accept` likes; fails with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** Waits until `GET <base>/healthz` answers 200 (a refused connection counts as not yet). */
export async function untilHealthy(base: string, timeoutMs = 20_000): Promise<void> {
  await eventually(
    () =>
      fetch(`${base}/healthz`).then(
        (response) => response.status,
        () => 0
      ),
    (status) => status === 200,
    timeoutMs
  );
}
