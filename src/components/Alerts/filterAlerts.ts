import type { AlertmanagerAlert } from '../../clients';
import { shownState } from './shownState';

/** `name="value"`, the value quoted as JSON quotes it (the form the alerts' links and the labels shown use). */
const LABEL_TERM = /([a-zA-Z_][a-zA-Z0-9_]*)=("(?:[^"\\]|\\.)*")|(\S+)/g;

type Term = { label: string; value: string } | { text: string };

/**
 * The alerts a search box keeps: every term must hold. A term `name="value"` holds for an alert with exactly that
 * label (case-sensitive, as Prometheus compares labels; the value may hold spaces and escaped quotes), so an alert's
 * link finds that alert and not one of `web-10` beside `web-1`. Any other whitespace-separated term must appear
 * (case-insensitive) in the alert's labels (as name="value"), its summary or description, or its state as the page
 * shows it ("Muted", "Active").
 */
export function filterAlerts(alerts: AlertmanagerAlert[], search: string): AlertmanagerAlert[] {
  const terms = parseTerms(search);
  if (terms.length === 0) {
    return alerts;
  }
  return alerts.filter((alert) => {
    const text = searchableText(alert);
    return terms.every((term) =>
      'label' in term ? alert.labels[term.label] === term.value : text.includes(term.text)
    );
  });
}

function parseTerms(search: string): Term[] {
  return Array.from(search.matchAll(LABEL_TERM), ([whole, label, quoted]): Term => {
    if (label !== undefined) {
      try {
        return { label, value: JSON.parse(quoted) as string };
      } catch {
        return { text: whole.toLowerCase() };
      }
    }
    return { text: whole.toLowerCase() };
  });
}

function searchableText(alert: AlertmanagerAlert): string {
  const labels = Object.entries(alert.labels).map(([name, value]) => `${name}="${value}"`);
  const { summary = '', description = '' } = alert.annotations;
  return [...labels, summary, description, shownState(alert)].join('\n').toLowerCase();
}
