import { z } from 'zod';
import { type LabelMatcher, matchesAll, MatcherError, parseMatchers } from './matchers';

/** A local mute: while it lasts, matching alerts are not sent (the lifecycle still advances). */
export interface MuteRule {
  matchers: LabelMatcher[];
  /** ms since epoch; absent means until removed from the list. */
  untilMs?: number;
  comment?: string;
}

/** A mute as written in a config file: matchers as text (`{severity="info", instance=~"db-.*"}`), until as a date. */
export const muteRuleInputSchema = z
  .object({
    matchers: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    until: z.union([z.string().min(1), z.number()]).optional(),
    comment: z.string().optional(),
  })
  .strict();

export type MuteRuleInput = z.input<typeof muteRuleInputSchema>;

/** Turns config-file mutes into rules; errors name the entry (`mutes[2].until: ...`). */
export function parseMuteRules(input: unknown, where = 'mutes'): MuteRule[] {
  const list = z.array(muteRuleInputSchema).safeParse(input);
  if (!list.success) {
    const issue = list.error.issues[0];
    throw new MatcherError(
      `${where}${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}: ${issue.message}`
    );
  }
  return list.data.map((entry, index) => {
    const at = `${where}[${index}]`;
    const texts = typeof entry.matchers === 'string' ? [entry.matchers] : entry.matchers;
    let matchers: LabelMatcher[];
    try {
      matchers = texts.flatMap((text) => parseMatchers(text));
    } catch (error) {
      throw new MatcherError(`${at}.matchers: ${(error as Error).message}`);
    }
    if (matchers.length === 0) {
      throw new MatcherError(`${at}.matchers: at least one matcher is required`);
    }
    const rule: MuteRule = { matchers };
    if (entry.until !== undefined) {
      const untilMs = typeof entry.until === 'number' ? entry.until : Date.parse(entry.until);
      if (!Number.isFinite(untilMs)) {
        throw new MatcherError(
          `${at}.until: ${JSON.stringify(entry.until)} is not a date (use e.g. 2026-12-31T18:00:00Z)`
        );
      }
      rule.untilMs = untilMs;
    }
    if (entry.comment !== undefined) {
      rule.comment = entry.comment;
    }
    return rule;
  });
}

export function isMuted(rules: MuteRule[], labels: Record<string, string>, nowMs: number): boolean {
  return rules.some(
    (rule) => (rule.untilMs === undefined || nowMs < rule.untilMs) && matchesAll(rule.matchers, labels)
  );
}
