import { type z } from 'zod';
import { clipInput } from '../engine/util/quote';
import { ClientError } from './errors';

/** Parses a JSON body against a schema; a mismatch names the endpoint and the first offending path. */
export function parseJsonResponse<T extends z.ZodType>(
  schema: T,
  text: string,
  endpoint: string,
  where: string
): z.output<T> {
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ClientError(
      `${where}: response is not JSON: ${clipInput(text.trim(), 200)}`,
      endpoint,
      'invalid-response'
    );
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    throw new ClientError(`${where}: unexpected response at ${path}: ${issue.message}`, endpoint, 'invalid-response');
  }
  return result.data;
}
