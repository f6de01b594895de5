import type { Detector, DetectionResult, DetectorState, PointResult } from '../detection';
import type { DetectorSpec, ModelKind } from '../detectorSpec';
import { thresholdFor } from '../pipeline/config';
import { learnPoints, scorePoints } from '../pipeline/scorePoints';
import { CounterReading } from '../preprocess/counterReading';
import type { Series } from '../series';

/** A causal scorer of one series: scores a value from what came before, then learns it. */
export interface StreamScorer {
  /** Score in [0,1] of the value (0 for a value that cannot be scored, which is not learned). */
  update(timestamp: number, value: number): number;
  /** Why the last updated value scored as it did, in words a user understands. */
  explain(): string;
  toState(): unknown;
}

/**
 * The engine's Detector contract around a StreamScorer: the spec's threshold, a counter read as its per-second
 * rate, batch scoring as a run of single steps (so batch and stream agree) and a versioned state. These kinds draw
 * no expected band and report no drift: their memories slide, so a changed series is re-learned as it goes.
 */
export class ScorerDetector implements Detector {
  private readonly threshold: number;
  /** With `counter: true`, the last raw sample (the next rate is taken from it); null otherwise. */
  private readonly counter: CounterReading | null;

  constructor(
    readonly spec: DetectorSpec,
    private readonly kind: ModelKind,
    private readonly version: number,
    private readonly scorer: StreamScorer,
    reading?: CounterReading
  ) {
    this.threshold = thresholdFor(spec.sensitivity);
    this.counter = spec.counter ? (reading ?? new CounterReading()) : null;
  }

  fit(history: Series): void {
    learnPoints(history, (timestamp, value) => this.scorer.update(timestamp, this.measure(timestamp, value)));
  }

  score(series: Series): DetectionResult {
    return scorePoints(series, this.threshold, (timestamp, value) => this.update(timestamp, value));
  }

  update(timestamp: number, sample: number): PointResult {
    const value = this.measure(timestamp, sample);
    const raw = this.scorer.update(timestamp, value);
    const score = raw >= 0 && raw <= 1 ? raw : raw > 1 ? 1 : 0;
    const anomaly = score >= this.threshold;
    return {
      timestamp,
      value,
      score,
      anomaly,
      expected: NaN,
      lower: NaN,
      upper: NaN,
      explanation: anomaly ? this.scorer.explain() : null,
      drift: null,
    };
  }

  toState(): DetectorState {
    return {
      version: this.version,
      kind: this.kind,
      scorer: this.scorer.toState(),
      ...(this.counter ? { counter: this.counter.toState() } : {}),
    };
  }

  /** The value scored: the sample, or a counter's per-second rate. */
  private measure(timestamp: number, sample: number): number {
    return this.counter ? this.counter.rate(timestamp, sample) : sample;
  }
}
