import { z } from 'zod';
import type { Detector, DetectionResult, DetectorState, PointResult } from '../detection';
import type { DetectorSpec } from '../detectorSpec';
import { DefaultDetector } from '../default/defaultDetector';
import { digitsFromScore, scoreFromDigits } from '../default/defaultScorer';
import { thresholdFor } from '../pipeline/config';
import { learnPoints, scorePoints } from '../pipeline/scorePoints';
import { StateError } from '../pipeline/state';
import { parseSpecParams } from '../specParams';
import type { Series } from '../series';
import { createStreamDetector, restoreStreamDetector } from './streamKinds';
import { type StreamKind } from './streamKindNames';
import { ensembleParamsSchema } from './streamParams';

export const ENSEMBLE_STATE_VERSION = 1;

const ensembleStateSchema = z.object({
  version: z.literal(ENSEMBLE_STATE_VERSION),
  kind: z.literal('ensemble'),
  members: z.array(z.unknown()),
});

function memberSpec(spec: DetectorSpec, kind: 'default' | StreamKind): DetectorSpec {
  return { ...spec, model: { kind, params: {} } };
}

/**
 * Model kind `ensemble`: the default detector and the kinds in `members` score every value side by side; the
 * ensemble's surprise is the largest member surprise (in decimal digits of tail probability, which every member's
 * score maps to the same way) less log10 of the member count. That is the Bonferroni bound on "any member this
 * surprised by chance", so adding members does not by itself raise the false-alarm rate. The band, drift events and
 * the seasonal expectation come from the default detector; the explanation from the member that scored highest.
 */
export class EnsembleDetector implements Detector {
  private readonly threshold: number;
  private readonly penalty: number;

  private constructor(
    readonly spec: DetectorSpec,
    private readonly base: DefaultDetector,
    private readonly others: Detector[]
  ) {
    this.threshold = thresholdFor(spec.sensitivity);
    this.penalty = Math.log10(1 + others.length);
  }

  static create(spec: DetectorSpec): EnsembleDetector {
    const { members } = parseSpecParams(spec, 'model', ensembleParamsSchema);
    return new EnsembleDetector(
      spec,
      new DefaultDetector(memberSpec(spec, 'default')),
      members.map((kind) => createStreamDetector(memberSpec(spec, kind), kind))
    );
  }

  /** Rebuilds an ensemble from toState()'s output; throws StateError when it does not fit the spec. */
  static restore(spec: DetectorSpec, state: unknown): EnsembleDetector {
    const { members } = parseSpecParams(spec, 'model', ensembleParamsSchema);
    const parsed = ensembleStateSchema.safeParse(state);
    if (!parsed.success || parsed.data.members.length !== members.length + 1) {
      throw new StateError(
        `not a state of this ensemble (version ${ENSEMBLE_STATE_VERSION}, members default+${members.join('+')}); refit the detector`
      );
    }
    const [baseState, ...otherStates] = parsed.data.members;
    return new EnsembleDetector(
      spec,
      DefaultDetector.restore(memberSpec(spec, 'default'), baseState),
      members.map((kind, m) => restoreStreamDetector(memberSpec(spec, kind), kind, otherStates[m]))
    );
  }

  fit(history: Series): void {
    learnPoints(history, (timestamp, value) => this.update(timestamp, value));
  }

  score(series: Series): DetectionResult {
    return scorePoints(series, this.threshold, (timestamp, value) => this.update(timestamp, value));
  }

  update(timestamp: number, value: number): PointResult {
    const result = this.base.update(timestamp, value);
    let best = result;
    // A member that cannot score a value (NaN) does not stop the others from scoring it.
    let bestScore = Number.isNaN(result.score) ? 0 : result.score;
    for (const member of this.others) {
      const point = member.update(timestamp, value);
      if (point.score > bestScore) {
        best = point;
        bestScore = point.score;
      }
    }
    const score = bestScore >= 1 ? 1 : scoreFromDigits(digitsFromScore(bestScore) - this.penalty);
    const anomaly = score >= this.threshold;
    return {
      ...result,
      score,
      anomaly,
      explanation: anomaly ? best.explanation : null,
    };
  }

  toState(): DetectorState {
    return {
      version: ENSEMBLE_STATE_VERSION,
      kind: 'ensemble',
      members: [this.base.toState(), ...this.others.map((member) => member.toState())],
    };
  }
}
