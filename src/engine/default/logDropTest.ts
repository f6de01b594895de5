import { z } from 'zod';
import { DecayingStats, decayingStatsStateSchema } from './decayingStats';
import { RoutineTail, routineTailStateSchema } from './routineTail';

export const logDropStateSchema = z.object({
  /** Written before 6 December, when a value not above 0 stopped the test for good; ignored: the test goes on. */
  off: z.boolean().optional(),
  residuals: decayingStatsStateSchema,
  /** Squared distances below the mean of the log residuals (0 for those above): the spread of drops alone. */
  belowSquares: decayingStatsStateSchema,
  routine: routineTailStateSchema,
  /** The series' own routine of rises on the same scale (see riseDigits). */
  riseRoutine: routineTailStateSchema,
});

/**
 * The routine of rises remembers this many times the routine memory: a burst that multiplies the load is the same
 * size on the log scale at any hour, so its sizes recur over days, not only within one (2, 3 and 7 gave the same
 * cross-validated scores; docs/default-detector-history.md).
 */
const RISE_MEMORY_FACTOR = 3;
/**
 * The routine of rises counts excursions from 3 sd, not ROUTINE_BASE_SD: on this scale, standardised by the spread of
 * the drops, a latency's routine spikes pass 3.5 sd about once a day, so over three days their count hovered at the
 * lower bound it needs; from 3 sd they count about twice as often. A calm series' own noise passes 3 sd too, and its
 * bounded tail ends within about a standard deviation of the base. 3.25 gave the same cross-validated scores, 2.75
 * and 2.5 lost 0.7 and 1.4 (docs/default-detector-history.md).
 */
const RISE_BASE_SD = 3;

export type LogDropState = z.input<typeof logDropStateSchema>;

/** What `observe` found at a row: the surprise of the drop (0 when not judged) and the standardised log residual. */
export interface LogDrop {
  digits: number;
  z: number;
}

/**
 * The drop test on the log scale, for positive series whose residuals are skewed upwards (request rates, latencies).
 * Their bursts widen the linear spread below the expected value too, so an outage at night, a fall from 400 to 20
 * requests a second, can stay within the 7 wide standard deviations an alert needs, and the level follows it before
 * it has lasted. On the log scale it is a fall of log(20) whatever the level, and the spread below the mean of log
 * residuals holds no bursts: such a series does not fall below its level by more than its noise. The test
 * standardises log(value / reference) by that lower spread (sqrt(2 x the mean squared distance below the mean), the
 * standard deviation a symmetric spread with those drops would have), judges only values below the reference and
 * below the usual log residual, with a routine tail of its own, and learns on every positive value. The
 * caller's reference is the lower of the chosen predictor's expected value and the recent level: a profile that
 * still remembers yesterday's burst makes a normal value a drop from the profile, not from the level.
 *
 * The same standardised log residuals, above the expected value, feed the series' routine of rises (riseDigits):
 * bursts that multiply a request rate by 1.5 to 3 are the same size on this scale at every hour, while in standard
 * deviations of the linear residuals a burst at the day's peak is several times one at night, so the linear routine
 * tail keeps meeting new records.
 *
 * A value that is not positive is off the log scale: the test skips it, judging and learning nothing, and goes on
 * with what it has learned (an outage to zero does not change what the series does routinely).
 */
export class LogDropTest {
  private readonly residuals: DecayingStats;
  private readonly belowSquares: DecayingStats;
  private readonly routine: RoutineTail;
  private readonly riseRoutine: RoutineTail;
  private readonly result: LogDrop = { digits: 0, z: 0 };

  constructor(
    window: number,
    private readonly warmup: number,
    routineMemoryMs: number,
    state?: z.output<typeof logDropStateSchema>
  ) {
    this.residuals = state ? DecayingStats.fromState(window, state.residuals) : new DecayingStats(window);
    this.belowSquares = state ? DecayingStats.fromState(window, state.belowSquares) : new DecayingStats(window);
    this.routine = new RoutineTail(routineMemoryMs, state?.routine);
    this.riseRoutine = new RoutineTail(RISE_MEMORY_FACTOR * routineMemoryMs, state?.riseRoutine, RISE_BASE_SD);
  }

  /**
   * Judges (when `skewed`) and learns the row's log residual from the reference (logRatio(value, reference); NaN is
   * skipped); returns the surprise of a drop (the object is reused from row to row).
   */
  observe(residual: number, skewed: boolean, timestamp: number): LogDrop {
    const result = this.result;
    result.digits = 0;
    result.z = 0;
    if (Number.isNaN(residual)) {
      return result;
    }
    const below = Math.min(0, residual - this.residuals.mean);
    if (this.belowSquares.size >= this.warmup) {
      const z = below / this.spread();
      if (skewed && z < 0 && residual < 0) {
        result.digits = this.routine.digits(z);
        result.z = z;
      }
      this.routine.learn(z, timestamp);
    }
    this.belowSquares.push(below * below);
    this.residuals.push(residual);
    return result;
  }

  /**
   * The series' own surprise of a rise on the log scale (the row's logRatio(value, expected)), standardised as drops
   * are; then learns it. Infinity where the series has no routine of such rises (a rise is then judged on the linear
   * scale alone) or the log scale does not apply (NaN). Call it before `observe` of the same row: it reads the
   * residuals' spread as it was before the row.
   */
  riseDigits(residual: number, timestamp: number): number {
    if (Number.isNaN(residual) || this.belowSquares.size < this.warmup) {
      return Infinity;
    }
    const z = (residual - this.residuals.mean) / this.spread();
    const digits = z > 0 ? this.riseRoutine.ownDigits(z) : Infinity;
    this.riseRoutine.learn(z, timestamp);
    return digits;
  }

  /** The standard deviation a symmetric spread with the series' drops would have: what both sides are measured in. */
  private spread(): number {
    return Math.max(Math.sqrt(2 * this.belowSquares.mean), 1e-9);
  }

  toState(): LogDropState {
    return {
      residuals: this.residuals.toState(),
      belowSquares: this.belowSquares.toState(),
      routine: this.routine.toState(),
      riseRoutine: this.riseRoutine.toState(),
    };
  }
}
