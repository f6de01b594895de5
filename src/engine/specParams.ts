import type { z } from 'zod';
import { type DetectorSpec, DetectorSpecError, specIssues } from './detectorSpec';

/**
 * Validates a spec's `model.params` or `drift.params` against a kind's schema; each bad key is one line naming
 * `<part>.params.<key>`, and the DetectorSpecError carries them as issues.
 */
export function parseSpecParams<Schema extends z.ZodType>(
  spec: DetectorSpec,
  part: 'model' | 'drift',
  schema: Schema
): z.output<Schema> {
  const parsed = schema.safeParse(spec[part].params);
  if (parsed.success) {
    return parsed.data;
  }
  const issues = specIssues(parsed.error.issues, [part, 'params']);
  throw new DetectorSpecError(
    issues.map((issue) => `detector ${spec.id}: ${issue.path}: ${issue.message}`).join('\n'),
    issues
  );
}
