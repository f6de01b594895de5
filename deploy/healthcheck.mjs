// Container healthcheck for `vigil serve` (the slim image has no curl): exit 0 when /healthz answers 2xx.
const url = process.env.VIGIL_HEALTHCHECK_URL || 'http://127.0.0.1:9464/healthz';

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) {
    process.stderr.write(`healthcheck: ${url} answered ${response.status}\n`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  process.stderr.write(`healthcheck: ${url}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
