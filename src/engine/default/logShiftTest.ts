import { z } from 'zod';
import { DecayingStats, decayingStatsStateSchema } from './decayingStats';
import { meanShift } from './meanShift';
import { RoutineTail, routineTailStateSchema } from './routineTail';
import { WindowStats, windowStatsStateSchema } from './windowStats';

/**
 * Standardised log residuals are clipped at this many standard deviations before they are averaged: a shift is many
 * values off, and one latency spike of 50 times the level is the value test's to judge, not a shift.
 */
const LOG_RESIDUAL_CLIP_SD = 4;

export const logShiftStateSchema = z.object({
  /** Set for good once the series shows a value that is not positive: the log scale does not fit it. */
  off: z.boolean(),
  residuals: decayingStatsStateSchema,
  recent: windowStatsStateSchema,
  history: decayingStatsStateSchema,
  routine: routineTailStateSchema,
});

export type LogShiftState = z.input<typeof logShiftStateSchema>;

/**
 * What `observe` found at a row: whether it judged the row (a positive series, warm, told to judge it), the
 * surprise of the shift (0 when not judged or not upwards) and the standardised shift.
 */
export interface LogShift {
  judged: boolean;
  digits: number;
  shift: number;
}

/**
 * The sustained-shift test on the log scale, for positive series whose residuals are skewed upwards (latencies,
 * request rates). Their noise is multiplicative: spikes of many times the level inflate the linear spread, so a
 * latency that triples for an hour stays within a few of those wide standard deviations, and its ten-row mean
 * within the spread that single spikes give such means. On the log scale the noise is about symmetric and a
 * tripling is a shift of log 3 whatever the level. The test standardises log(value / expected) by the spread of
 * those log residuals (clipped at LOG_RESIDUAL_CLIP_SD), compares the mean of the last `shortWindow` of them with
 * the distribution of such means, as the linear shift test does, and has a routine tail of its own, so bursts a
 * series makes every day stop counting. It judges only shifts upwards, on rows whose predictor's residuals are
 * skewed upwards (the caller says so, and decides which of its judgements may alert and which only bound the linear
 * shift test): below the expected value such a series is already judged with a narrower, level-scaled spread, and on
 * the log scale a normal value under a profile that still remembers yesterday's incident is a drop (the built-in
 * demo's flapping error ratio alerted the next morning). It learns on every row of a positive series.
 */
export class LogShiftTest {
  private off = false;
  private readonly residuals: DecayingStats;
  private readonly recent: WindowStats;
  private readonly history: DecayingStats;
  private readonly routine: RoutineTail;
  private readonly result: LogShift = { judged: false, digits: 0, shift: 0 };

  constructor(
    window: number,
    shortWindow: number,
    private readonly warmup: number,
    routineMemoryMs: number,
    state?: z.output<typeof logShiftStateSchema>
  ) {
    if (state) {
      this.off = state.off;
      this.residuals = DecayingStats.fromState(window, state.residuals);
      this.recent = WindowStats.fromState(state.recent);
      this.history = DecayingStats.fromState(window, state.history);
      this.routine = new RoutineTail(routineMemoryMs, state.routine);
      return;
    }
    this.residuals = new DecayingStats(window);
    this.recent = new WindowStats(Math.max(1, shortWindow));
    this.history = new DecayingStats(window);
    this.routine = new RoutineTail(routineMemoryMs);
  }

  /**
   * Judges (when told to) and learns the row's value against its expected value; returns the surprise of the shift
   * (the object is reused from row to row).
   */
  observe(value: number, expected: number, judge: boolean, timestamp: number): LogShift {
    const result = this.result;
    result.judged = false;
    result.digits = 0;
    result.shift = 0;
    if (this.off || !(value > 0)) {
      this.off = true;
      return result;
    }
    if (!(expected > 0)) {
      return result;
    }
    const residual = Math.log(value / expected);
    const residuals = this.residuals;
    if (residuals.size >= this.warmup) {
      const z = (residual - residuals.mean) / Math.max(Math.sqrt(residuals.variance), 1e-9);
      const clipped = Math.max(-LOG_RESIDUAL_CLIP_SD, Math.min(LOG_RESIDUAL_CLIP_SD, z));
      const shift = meanShift(this.recent, this.history, clipped, this.warmup);
      if (!Number.isNaN(shift)) {
        result.judged = judge;
        if (judge && shift > 0) {
          result.digits = this.routine.digits(shift);
          result.shift = shift;
        }
        this.routine.learn(shift, timestamp);
      }
    }
    residuals.push(residual);
    return result;
  }

  toState(): LogShiftState {
    return {
      off: this.off,
      residuals: this.residuals.toState(),
      recent: this.recent.toState(),
      history: this.history.toState(),
      routine: this.routine.toState(),
    };
  }
}
