const HOUR_DAYS = 1 / 24;
/** Data that reaches this share of the days asked for covers them (the last step can fall short of the end). */
const COVERED_SHARE = 0.98;

/** "1 alert", "2 alerts". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A span of data in the unit a reader takes in: minutes, hours, or days. */
export function formatSpan(days: number): string {
  if (days < HOUR_DAYS) {
    return `${Math.max(1, Math.round(days * 1440))} min`;
  }
  if (days < 1) {
    return `${Math.round(days * 24)} h`;
  }
  const rounded = Number(days.toFixed(1));
  return plural(rounded, 'day');
}

/**
 * What the preview's figures are over: the days asked for, or the data found when it spans less, e.g.
 * "Over the 6 h of data found in the 7 days asked for ending 2026-01-12T00:00:00Z".
 */
export function previewRangeText(dataDays: number, askedDays: number, endLabel?: string): string {
  const ending = endLabel ? ` ending ${endLabel}` : '';
  if (dataDays >= askedDays * COVERED_SHARE) {
    return endLabel ? `Over the ${plural(askedDays, 'day')}${ending}` : `Over the last ${plural(askedDays, 'day')}`;
  }
  return `Over the ${formatSpan(dataDays)} of data found in the ${plural(askedDays, 'day')} asked for${ending}`;
}
