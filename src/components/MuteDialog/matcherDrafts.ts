import { createMatcher, matcherOperator, type LabelMatcher, type MatcherOperator } from '../../alerting';

/** One matcher as the mute dialog edits it. */
export interface MatcherDraft {
  name: string;
  operator: MatcherOperator;
  value: string;
}

export const MATCHER_OPERATORS: MatcherOperator[] = ['=', '!=', '=~', '!~'];

export function draftsFromMatchers(matchers: LabelMatcher[]): MatcherDraft[] {
  return matchers.map((matcher) => ({ name: matcher.name, operator: matcherOperator(matcher), value: matcher.value }));
}

export interface CheckedDrafts {
  /** The matchers, when every draft is valid and there is at least one. */
  matchers?: LabelMatcher[];
  /** Per draft: why it is not a matcher (bad label name, bad regex), else undefined. */
  errors: Array<string | undefined>;
  /** What is wrong with the set as a whole. */
  problem?: string;
}

/**
 * Turns the drafts into matchers. A silence needs at least one matcher, and Alertmanager refuses one whose matchers
 * all match the empty string (it would mute every alert).
 */
export function checkDrafts(drafts: MatcherDraft[]): CheckedDrafts {
  const errors: Array<string | undefined> = [];
  const matchers: LabelMatcher[] = [];
  for (const draft of drafts) {
    try {
      matchers.push(createMatcher(draft.name.trim(), draft.operator, draft.value));
      errors.push(undefined);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.some(Boolean)) {
    return { errors };
  }
  if (matchers.length === 0) {
    return { errors, problem: 'Add at least one matcher' };
  }
  if (matchers.every(matchesEmpty)) {
    return { errors, problem: 'At least one matcher must require a non-empty value, or every alert would be muted' };
  }
  return { matchers, errors };
}

function matchesEmpty(matcher: LabelMatcher): boolean {
  if (!matcher.isRegex) {
    return (matcher.value === '') === matcher.isEqual;
  }
  return new RegExp(`^(?:${matcher.value})$`).test('') === matcher.isEqual;
}
