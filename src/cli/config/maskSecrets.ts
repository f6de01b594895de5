/** Config keys whose values are secrets, wherever they stand. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['token', 'bearer_token', 'password', 'slack_webhook_url']);
const MASK = '****';

/** Keeps scheme and host of a URL so the reader can tell which endpoint it is; hides path, query and credentials. */
function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}/${MASK}`;
  } catch {
    return MASK;
  }
}

/** Removes only the credentials of a URL that carries user:password@. */
function maskUserInfo(text: string): string {
  try {
    const url = new URL(text);
    if (!url.username && !url.password) {
      return text;
    }
    url.username = MASK;
    url.password = MASK;
    return url.toString();
  } catch {
    return text;
  }
}

/** A deep copy with webhook URLs, tokens and passwords masked: safe to print or log. */
export function maskSecrets(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => maskSecrets(item));
  }
  if (typeof value === 'object' && value !== null) {
    // An activity's webhook action (`activities[].action`): its URL, like Slack's, often holds a token.
    const webhook = (value as { type?: unknown }).type === 'webhook';
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        name,
        webhook && name === 'url' && typeof item === 'string' ? maskUrl(item) : maskSecrets(item, name),
      ])
    );
  }
  if (typeof value === 'string' && key !== undefined && SECRET_KEYS.has(key)) {
    return key.endsWith('_url') ? maskUrl(value) : MASK;
  }
  if (typeof value === 'string' && /^https?:\/\/[^/]*@/.test(value)) {
    return maskUserInfo(value);
  }
  return value;
}
