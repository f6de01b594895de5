export type Auth = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

/** The Authorization header for an auth setting (nothing for none). */
export function authHeaders(auth: Auth | undefined): Record<string, string> {
  if (!auth) {
    return {};
  }
  if (auth.type === 'bearer') {
    return { Authorization: `Bearer ${auth.token}` };
  }
  return { Authorization: `Basic ${base64(`${auth.username}:${auth.password}`)}` };
}

/** Standard base64 of the UTF-8 bytes (btoa alone only takes Latin-1). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** URL-safe base64 (RFC 4648 section 5), as the Pushgateway expects for `label@base64/value`. */
export function base64Url(text: string): string {
  return base64(text).replace(/\+/g, '-').replace(/\//g, '_');
}
