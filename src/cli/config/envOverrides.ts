import { ConfigError } from './configError';

type Conversion = 'string' | 'number' | 'integer' | 'step' | 'query';

/** Environment variables that override config keys (the original Python tool's names). */
export const ENV_OVERRIDES: ReadonlyArray<{ env: string; key: string; conversion: Conversion }> = [
  { env: 'PROMETHEUS_URL', key: 'prometheus_url', conversion: 'string' },
  { env: 'PROM_QUERY', key: 'metrics', conversion: 'query' },
  { env: 'WINDOW_MINUTES', key: 'window_minutes', conversion: 'integer' },
  { env: 'STEP', key: 'step', conversion: 'step' },
  { env: 'CONTAMINATION', key: 'contamination', conversion: 'number' },
  { env: 'MIN_POINTS', key: 'min_points', conversion: 'integer' },
  { env: 'ALERT_WEBHOOK', key: 'slack_webhook_url', conversion: 'string' },
  { env: 'ALERTMANAGER_URL', key: 'alertmanager_url', conversion: 'string' },
  { env: 'PUSHGATEWAY_URL', key: 'pushgateway_url', conversion: 'string' },
];

function convert(env: string, text: string, conversion: Conversion): unknown {
  switch (conversion) {
    case 'string':
      return text;
    case 'query':
      return [text];
    case 'step':
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'number':
    case 'integer': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || (conversion === 'integer' && !Number.isInteger(value))) {
        throw new ConfigError(
          `environment variable ${env}: must be ${conversion === 'integer' ? 'an integer' : 'a number'}, got "${text}"`
        );
      }
      return value;
    }
  }
}

/**
 * Applies the environment overrides to a raw (unvalidated) config object. Returns the merged object and
 * which config key each variable set, so validation errors can name the variable instead of the file.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>
): { merged: Record<string, unknown>; fromEnv: Map<string, string> } {
  const merged = { ...raw };
  const fromEnv = new Map<string, string>();
  for (const { env: name, key, conversion } of ENV_OVERRIDES) {
    const text = env[name];
    if (text === undefined || text === '') {
      continue;
    }
    merged[key] = convert(name, text, conversion);
    fromEnv.set(key, name);
  }
  return { merged, fromEnv };
}
