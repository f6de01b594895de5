/** The most characters of someone's input an error line quotes. */
export const QUOTE_LIMIT = 80;

/** Text cut to `limit` characters, saying how long it was, so a 2 MB line never floods a terminal or a log. */
export function clipInput(text: string, limit = QUOTE_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
}

/** Input text quoted for a one-line error message: JSON-escaped (newlines and control characters visible), clipped. */
export function quoteInput(text: string, limit = QUOTE_LIMIT): string {
  return text.length <= limit
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}
