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

/**
 * The bound on the linear shift test also reads a window this many times `shortWindow` long: a sustained rise keeps
 * adding evidence on the log scale while the predictors adapt to it (ten rows of a tripled latency with 35% noise
 * are 6.8 sd there, twenty 8 to 9), and a burst of a few minutes counts for less over twenty rows (1.5 gave the
 * same tripled latencies back, 3 and 4 fewer; docs/default-detector-history.md).
 */
const LONG_SHIFT_FACTOR = 2;

const shiftWindowStateSchema = z.object({
  recent: windowStatsStateSchema,
  history: decayingStatsStateSchema,
  routine: routineTailStateSchema,
});

export const logShiftStateSchema = z.object({
  /** Written before 6 December, when a value not above 0 stopped the test for good; ignored: the test goes on. */
  off: z.boolean().optional(),
  residuals: decayingStatsStateSchema,
  short: shiftWindowStateSchema,
  long: shiftWindowStateSchema,
});

export type LogShiftState = z.input<typeof logShiftStateSchema>;

/**
 * What `observe` found at a row: whether it judged the row (a positive value, warm, told to judge it), the
 * surprise of the shift over `shortWindow` rows and over LONG_SHIFT_FACTOR times as many (0 when not judged or not
 * upwards) and the standardised short shift.
 */
export interface LogShift {
  judged: boolean;
  digits: number;
  longDigits: number;
  shift: number;
}

/** The mean of the last rows against the distribution of such means, with the routine of its shifts. */
class ShiftWindow {
  private readonly recent: WindowStats;
  private readonly history: DecayingStats;
  private readonly routine: RoutineTail;
  /** The last row's standardised shift (NaN while the history warms up) and its surprise (0 unless judged, upwards). */
  shift = NaN;
  digits = 0;

  constructor(rows: number, window: number, routineMemoryMs: number, state?: z.output<typeof shiftWindowStateSchema>) {
    this.recent = state ? WindowStats.fromState(state.recent) : new WindowStats(Math.max(1, rows));
    this.history = state ? DecayingStats.fromState(window, state.history) : new DecayingStats(window);
    this.routine = new RoutineTail(routineMemoryMs, state?.routine);
  }

  /** Steps the window with the row's clipped residual, judges the shift (when told to), then learns it. */
  step(clipped: number, warmup: number, judge: boolean, timestamp: number): void {
    this.shift = meanShift(this.recent, this.history, clipped, warmup);
    this.digits = 0;
    if (Number.isNaN(this.shift)) {
      return;
    }
    if (judge && this.shift > 0) {
      this.digits = this.routine.digits(this.shift);
    }
    this.routine.learn(this.shift, timestamp);
  }

  toState(): z.input<typeof shiftWindowStateSchema> {
    return { recent: this.recent.toState(), history: this.history.toState(), routine: this.routine.toState() };
  }
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
 * demo's flapping error ratio alerted the next morning). It learns on every positive value and skips the others, as
 * the log-scale drop test does. The same shift is also measured over LONG_SHIFT_FACTOR times as many rows, for the
 * caller's bound on the linear shift test.
 */
export class LogShiftTest {
  private readonly residuals: DecayingStats;
  private readonly short: ShiftWindow;
  private readonly long: ShiftWindow;
  private readonly result: LogShift = { judged: false, digits: 0, longDigits: 0, shift: 0 };

  constructor(
    window: number,
    shortWindow: number,
    private readonly warmup: number,
    routineMemoryMs: number,
    state?: z.output<typeof logShiftStateSchema>
  ) {
    this.residuals = state ? DecayingStats.fromState(window, state.residuals) : new DecayingStats(window);
    this.short = new ShiftWindow(shortWindow, window, routineMemoryMs, state?.short);
    this.long = new ShiftWindow(LONG_SHIFT_FACTOR * shortWindow, window, routineMemoryMs, state?.long);
  }

  /**
   * Judges (when told to) and learns the row's log residual from its expected value (logRatio(value, expected); NaN
   * is skipped); returns the surprise of the shift (the object is reused from row to row).
   */
  observe(residual: number, judge: boolean, timestamp: number): LogShift {
    const result = this.result;
    result.judged = false;
    result.digits = 0;
    result.longDigits = 0;
    result.shift = 0;
    if (Number.isNaN(residual)) {
      return result;
    }
    const residuals = this.residuals;
    if (residuals.size >= this.warmup) {
      const z = (residual - residuals.mean) / Math.max(Math.sqrt(residuals.variance), 1e-9);
      const clipped = Math.max(-LOG_RESIDUAL_CLIP_SD, Math.min(LOG_RESIDUAL_CLIP_SD, z));
      const { short, long } = this;
      short.step(clipped, this.warmup, judge, timestamp);
      long.step(clipped, this.warmup, judge, timestamp);
      result.judged = judge && !Number.isNaN(short.shift);
      if (judge && short.shift > 0) {
        result.digits = short.digits;
        result.shift = short.shift;
      }
      result.longDigits = long.digits;
    }
    residuals.push(residual);
    return result;
  }

  toState(): LogShiftState {
    return {
      residuals: this.residuals.toState(),
      short: this.short.toState(),
      long: this.long.toState(),
    };
  }
}
