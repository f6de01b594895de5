const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Epoch numbers at or above this are milliseconds; below, seconds (1e11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;

/**
 * Parses a timestamp into ms since the epoch: `2014-04-01 00:00:00` (NAB, UTC), ISO 8601 with or without a zone
 * (no zone means UTC), or epoch seconds (milliseconds when the number is that large). NaN when unreadable.
 */
export function parseTimestamp(text: string): number {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) {
    const number = Number(trimmed);
    return Math.abs(number) >= MILLISECONDS_FROM ? number : number * 1000;
  }
  const match = DATE_TIME.exec(trimmed);
  if (!match) {
    return NaN;
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction, zone] = match;
  const monthIndex = Number(month) - 1;
  // Date.UTC would roll an impossible date over (2024-02-31 into March, 2024-00-10 into 2023): refuse it instead.
  const daysInMonth = new Date(Date.UTC(Number(year), monthIndex + 1, 0)).getUTCDate();
  if (
    monthIndex < 0 ||
    monthIndex > 11 ||
    Number(day) < 1 ||
    Number(day) > daysInMonth ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 60
  ) {
    return NaN;
  }
  let ms = Date.UTC(Number(year), monthIndex, Number(day), Number(hour), Number(minute), Number(second));
  if (fraction) {
    ms += Math.round(Number(fraction) * 1000);
  }
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}
