import { ConfigError } from './configError';
import { quoteInput } from '../../engine/util/quote';
import { parseDecimal } from '../../engine/util/decimal';

type Conversion = 'string' | 'number' | 'integer' | 'step' | 'query';

interface EnvOverride {
  env: string;
  /** A top-level key, or `section.key` for a key inside a mapping. */
  key: string;
  conversion: Conversion;
  /** Set the key only when the config already has its section (a token is no use without the rest of it). */
  onlyInExistingSection?: boolean;
}

/**
 * Environment variables that override config keys: the original Python tool's names, and the tokens that the
 * Kubernetes Secret provides (secrets belong in the environment, not in a ConfigMap).
 */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'PROMETHEUS_URL', key: 'prometheus_url', conversion: 'string' },
  { env: 'PROM_QUERY', key: 'metrics', conversion: 'query' },
  { env: 'WINDOW_MINUTES', key: 'window_minutes', conversion: 'integer' },
  { env: 'STEP', key: 'step', conversion: 'step' },
  { env: 'CONTAMINATION', key: 'contamination', conversion: 'number' },
  { env: 'MIN_POINTS', key: 'min_points', conversion: 'integer' },
  { env: 'ALERT_WEBHOOK', key: 'slack_webhook_url', conversion: 'string' },
  { env: 'ALERTMANAGER_URL', key: 'alertmanager_url', conversion: 'string' },
  { env: 'PUSHGATEWAY_URL', key: 'pushgateway_url', conversion: 'string' },
  { env: 'PROMETHEUS_BEARER_TOKEN', key: 'auth.bearer_token', conversion: 'string' },
  { env: 'VIGIL_REMEDIATE_TOKEN', key: 'remediation.bearer_token', conversion: 'string' },
  { env: 'GRAFANA_TOKEN', key: 'grafana.token', conversion: 'string', onlyInExistingSection: true },
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
      const value = parseDecimal(text);
      if (value === null || !Number.isFinite(value) || (conversion === 'integer' && !Number.isInteger(value))) {
        throw new ConfigError(
          `environment variable ${env}: must be ${conversion === 'integer' ? 'an integer' : 'a number'}, got ${quoteInput(text)}`
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
  for (const { env: name, key, conversion, onlyInExistingSection } of ENV_OVERRIDES) {
    const text = env[name];
    if (text === undefined || text === '') {
      continue;
    }
    const [section, inner] = key.split('.');
    const value = convert(name, text, conversion);
    if (inner === undefined) {
      merged[section] = value;
    } else {
      const existing = merged[section];
      const isMapping = typeof existing === 'object' && existing !== null && !Array.isArray(existing);
      if (!isMapping && (onlyInExistingSection || existing !== undefined)) {
        continue;
      }
      merged[section] = { ...(isMapping ? existing : {}), [inner]: value };
    }
    fromEnv.set(section, name);
  }
  return { merged, fromEnv };
}
