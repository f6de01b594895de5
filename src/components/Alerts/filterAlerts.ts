import type { AlertmanagerAlert } from '../../clients';
import { shownState } from './shownState';

/**
 * The alerts a search box keeps: every whitespace-separated term must appear (case-insensitive) in the alert's
 * labels (as name="value"), its summary or description, or its state as the page shows it ("Muted", "Active").
 */
export function filterAlerts(alerts: AlertmanagerAlert[], search: string): AlertmanagerAlert[] {
  const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) {
    return alerts;
  }
  return alerts.filter((alert) => {
    const text = searchableText(alert);
    return terms.every((term) => text.includes(term));
  });
}

function searchableText(alert: AlertmanagerAlert): string {
  const labels = Object.entries(alert.labels).map(([name, value]) => `${name}="${value}"`);
  const { summary = '', description = '' } = alert.annotations;
  return [...labels, summary, description, shownState(alert)].join('\n').toLowerCase();
}
