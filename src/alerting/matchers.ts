/**
 * Label matchers with Alertmanager's semantics: `=`, `!=`, `=~`, `!~`; regexes are fully anchored
 * (`^(?:re)$`), and a label the alert does not have matches as the empty string.
 */
export interface LabelMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false for `!=` and `!~`. */
  isEqual: boolean;
}

export type MatcherOperator = '=' | '!=' | '=~' | '!~';

export class MatcherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatcherError';
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER_TEXT = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

export function matcherOperator(matcher: LabelMatcher): MatcherOperator {
  if (matcher.isRegex) {
    return matcher.isEqual ? '=~' : '!~';
  }
  return matcher.isEqual ? '=' : '!=';
}

export function createMatcher(name: string, operator: MatcherOperator, value: string): LabelMatcher {
  if (!LABEL_NAME.test(name)) {
    throw new MatcherError(`invalid label name ${JSON.stringify(name)} in matcher: must match [a-zA-Z_][a-zA-Z0-9_]*`);
  }
  const matcher = {
    name,
    value,
    isRegex: operator === '=~' || operator === '!~',
    isEqual: operator === '=' || operator === '=~',
  };
  if (matcher.isRegex) {
    compileAnchored(matcher);
  }
  return matcher;
}

/** Parses one matcher such as `instance=~"web-.*"` (value quoted or bare). */
export function parseMatcher(text: string): LabelMatcher {
  const match = MATCHER_TEXT.exec(text);
  if (!match) {
    throw new MatcherError(
      `cannot parse matcher ${JSON.stringify(text)}: expected name, one of = != =~ !~, and a value`
    );
  }
  const [, name, operator, rawValue] = match;
  return createMatcher(name, operator as MatcherOperator, unquote(rawValue, text));
}

/** Parses `{a="b", c=~"d"}` or `a="b",c=~"d"`; commas inside quoted values are kept. */
export function parseMatchers(text: string): LabelMatcher[] {
  const trimmed = text.trim();
  const body = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1) : trimmed;
  return splitOutsideQuotes(body)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseMatcher);
}

/**
 * Equality matchers for every label of an alert, sorted by name: a silence made of them covers exactly
 * that alert (e.g. "mute this alert" in the app), and `alertname` first keeps Alertmanager's UI readable.
 */
export function exactMatchers(labels: Record<string, string>): LabelMatcher[] {
  const names = Object.keys(labels).sort((a, b) =>
    a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)
  );
  return names.map((name) => ({ name, value: labels[name], isRegex: false, isEqual: true }));
}

export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.name}${matcherOperator(matcher)}${JSON.stringify(matcher.value)}`;
}

export function formatMatchers(matchers: LabelMatcher[]): string {
  return `{${matchers.map(formatMatcher).join(', ')}}`;
}

export function matcherMatches(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  const value = labels[matcher.name] ?? '';
  const equal = matcher.isRegex ? compileAnchored(matcher).test(value) : value === matcher.value;
  return equal === matcher.isEqual;
}

/** True when every matcher matches (an empty list matches everything). */
export function matchesAll(matchers: LabelMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => matcherMatches(matcher, labels));
}

const compiled = new Map<string, RegExp>();

function compileAnchored(matcher: LabelMatcher): RegExp {
  let regex = compiled.get(matcher.value);
  if (!regex) {
    try {
      regex = new RegExp(`^(?:${matcher.value})$`, 's');
    } catch (error) {
      throw new MatcherError(
        `invalid regular expression ${JSON.stringify(matcher.value)} for label ${matcher.name}: ${(error as Error).message}`
      );
    }
    compiled.set(matcher.value, regex);
  }
  return regex;
}

function unquote(rawValue: string, text: string): string {
  if (!rawValue.startsWith('"') && !rawValue.startsWith("'")) {
    return rawValue;
  }
  const quote = rawValue[0];
  if (rawValue.length < 2 || !rawValue.endsWith(quote)) {
    throw new MatcherError(`unterminated quoted value in matcher ${JSON.stringify(text)}`);
  }
  if (quote === "'") {
    return rawValue.slice(1, -1);
  }
  try {
    return JSON.parse(rawValue) as string;
  } catch {
    throw new MatcherError(`invalid quoted value in matcher ${JSON.stringify(text)}`);
  }
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      current += char;
      if (char === '\\' && i + 1 < text.length) {
        current += text[++i];
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
