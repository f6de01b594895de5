const STORAGE_KEY = 'vigil-host-return-to-previous';

/** Grafana's "return to previous" keeps where to go back to; the host keeps it in session storage. */
export function rememberReturnTarget(
  title: string,
  href: string = window.location.pathname + window.location.search
): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ title, href }));
}
