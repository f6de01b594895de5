import { UserError } from '../command';
import { DAY_MS, MINUTE_MS } from '../../engine/seasonal/period';
import { quoteInput } from '../../engine/util/quote';

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS },
];

/** The values one cron field allows, and whether it was a wildcard (day fields combine differently then). */
function fieldValues(text: string, spec: FieldSpec, schedule: string): { values: Set<number>; any: boolean } {
  const bad = () =>
    new UserError(
      `k8s render: --schedule ${quoteInput(schedule)}: cannot read the ${spec.name} field ${quoteInput(text)}`
    );
  const number = (part: string): number => {
    const named = spec.names?.indexOf(part.toUpperCase()) ?? -1;
    const value = named >= 0 ? named + spec.min : /^\d+$/.test(part) ? Number(part) : NaN;
    if (!(value >= spec.min && value <= spec.max)) {
      throw bad();
    }
    return value;
  };
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (extra !== undefined || !Number.isInteger(step) || step < 1) {
      throw bad();
    }
    const [first, last] =
      range === '*' || range === '?'
        ? [spec.min, spec.max]
        : range.includes('-')
          ? range.split('-').map(number)
          : [number(range), stepText === undefined ? number(range) : spec.max];
    if (first > last) {
      throw bad();
    }
    for (let value = first; value <= last; value += step) {
      values.add(value);
    }
  }
  return { values, any: text === '*' || text === '?' };
}

/** Long enough to see a schedule on February 29th fire twice. */
const SPAN_DAYS = 9 * 366;

/**
 * The longest time between two runs of a CronJob schedule (five fields or a macro, UTC), in seconds: what the
 * config's run_interval_seconds must be for alerts to outlive the gap between runs.
 */
export function longestScheduleGapSeconds(schedule: string): number {
  const fields = (MACROS[schedule] ?? schedule).trim().split(/\s+/);
  const [minutes, hours, days, months, weekdays] = fields.map((field, index) =>
    fieldValues(field, FIELDS[index], schedule)
  );
  const hourList = [...hours.values].sort((a, b) => a - b);
  const minuteList = [...minutes.values].sort((a, b) => a - b);
  const start = Date.UTC(2024, 0, 1);
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < SPAN_DAYS; day++) {
    const date = new Date(start + day * DAY_MS);
    const dayOfMonth = days.values.has(date.getUTCDate());
    const dayOfWeek = weekdays.values.has(date.getUTCDay());
    // Cron's rule: with both day fields restricted, either one matching is enough.
    const dayMatches = days.any || weekdays.any ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    if (!dayMatches || !months.values.has(date.getUTCMonth() + 1)) {
      continue;
    }
    for (const hour of hourList) {
      for (const minute of minuteList) {
        const at = date.getTime() + (hour * 60 + minute) * MINUTE_MS;
        if (previous !== undefined) {
          longest = Math.max(longest, at - previous);
        }
        previous = at;
      }
    }
  }
  if (longest === 0) {
    throw new UserError(`k8s render: --schedule ${quoteInput(schedule)} never runs twice`);
  }
  return longest / 1000;
}

/** A schedule that runs every `seconds`, when cron can say it simply. */
export function scheduleEvery(seconds: number): string | undefined {
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  }
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours <= 24 && 24 % hours === 0) {
    return hours === 1 ? '0 * * * *' : hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  }
  return undefined;
}
