import { parseDocument } from 'yaml';
import { ENV_OVERRIDES } from '../config/envOverrides';
import { SECRET_KEYS } from '../config/maskSecrets';
import { yamlData } from '../config/yamlData';

const SECRET_QUERY_PARAMETER = /token|secret|password|passwd|key|signature/i;

/** The environment variable (a key of the vigil-secrets Secret) that sets each secret instead. */
const VARIABLE_FOR: Record<string, string> = {
  ...Object.fromEntries(ENV_OVERRIDES.map(({ env, key }) => [key, env])),
  // No variable of its own: the clients turn a URL's user:password@ into basic auth.
  'auth.password': 'PROMETHEUS_URL with user:password@',
};

function urlHasCredentials(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) {
    return false;
  }
  try {
    const url = new URL(text);
    return url.password !== '' || [...url.searchParams.keys()].some((name) => SECRET_QUERY_PARAMETER.test(name));
  } catch {
    return false;
  }
}

function secretPaths(value: unknown, path: string[]): string[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => secretPaths(item, [...path, String(index)]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => secretPaths(item, [...path, key]));
  }
  if (typeof value !== 'string' || value === '') {
    return [];
  }
  return SECRET_KEYS.has(path[path.length - 1]) || urlHasCredentials(value) ? [path] : [];
}

function describe(path: string[]): string {
  const key = path.join('.');
  const setting = (path[0] === 'profiles' ? path.slice(2) : path).join('.');
  const variable = VARIABLE_FOR[setting];
  const what = SECRET_KEYS.has(path[path.length - 1]) ? key : `${key}'s credentials`;
  return `${what} (${variable ? `use ${variable}` : 'remove them'})`;
}

/**
 * What in a config file would be a secret once the file is a ConfigMap (readable by anyone who may read
 * the namespace's ConfigMaps): tokens, passwords, the Slack webhook, URLs with a password or a token in
 * their query; in every profile, not only the one deployed. One entry per key, naming the variable to use.
 */
export function secretsInConfig(configText: string, file: string): string[] {
  return secretPaths(yamlData(parseDocument(configText), file), []).map(describe);
}
