const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/;

/** Parses a Prometheus-style duration ("30s", "5m", "1h30m", "7d") into milliseconds, or undefined. */
export function parseDuration(text: string): number | undefined {
  const parts = text.trim().match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)/g);
  if (!parts || parts.join('') !== text.trim()) {
    return undefined;
  }
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = part.match(DURATION_PATTERN)!;
    total += Number(amount) * UNIT_MS[unit];
  }
  return total > 0 ? total : undefined;
}

/** Formats milliseconds as the shortest Prometheus duration that represents it exactly. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) {
      return `${ms / UNIT_MS[unit]}${unit}`;
    }
  }
  return `${ms}ms`;
}
