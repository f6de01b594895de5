/** A one-line progress bar on a terminal (stderr); silent when the stream is not a TTY. */
export function progressBar(
  stream: NodeJS.WriteStream,
  label: string
): { update(done: number, total: number, item: string): void; done(): void } {
  const enabled = Boolean(stream.isTTY);
  return {
    update(done, total, item) {
      if (!enabled) {
        return;
      }
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const text = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${item}`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 100) - 1).padEnd((stream.columns ?? 100) - 1)}`);
    },
    done() {
      if (enabled) {
        stream.write(`\r${' '.repeat((stream.columns ?? 100) - 1)}\r`);
      }
    },
  };
}
