import { z } from 'zod';
import type { ThresholdMethod } from '../default/defaultParams';
import { Spot, type SpotParams, spotStateSchema } from './spot';

export const DEFAULT_THRESHOLD_METHOD: ThresholdMethod = 'score';

/** Risk q at sensitivity 0, and the decades q gains per unit of sensitivity: 1e-7 at 0, 1e-5 at 0.5, 1e-3 at 1. */
const RISK_DIGITS_AT_ZERO = 7;
const RISK_DIGITS_PER_SENSITIVITY = 4;

/** The risk q (probability per row that a normal value alerts) for a sensitivity in [0, 1]. */
export function riskFor(sensitivity: number): number {
  return Math.pow(10, -(RISK_DIGITS_AT_ZERO - RISK_DIGITS_PER_SENSITIVITY * sensitivity));
}

/** Rows of surprise that calibrate the tail (after the detector's warm-up): 300 won cross-validation over 150, 600 and 1000. */
export const TAIL_CALIBRATION = 300;
/** DSPOT's moving level: the mean surprise of this many recent normal rows. */
export const TAIL_DEPTH = 100;

export function tailParams(method: Exclude<ThresholdMethod, 'score'>, sensitivity: number): SpotParams {
  return {
    risk: riskFor(sensitivity),
    calibration: TAIL_CALIBRATION,
    initialLevel: 0.98,
    maxPeaks: 200,
    minPeaks: 10,
    depth: method === 'dspot' ? TAIL_DEPTH : 0,
  };
}

export const surpriseTailStateSchema = spotStateSchema;

/**
 * A series' own tail of surprise (decimal digits of tail probability, as the default scorer gives them): each row's
 * surprise is replaced by -log10 of its exceedance probability under the tail SPOT/DSPOT learned from this series,
 * so one cut-off means one risk q on every series. Until the tail is fitted, the surprise passes through unchanged.
 */
export class SurpriseTail {
  private readonly spot: Spot;

  constructor(params: SpotParams, state?: z.output<typeof surpriseTailStateSchema>) {
    this.spot = new Spot(params, state);
  }

  /** The surprise of `digits` under the learned tail (which then learns it, unless it is an alarm). */
  surprise(digits: number): number {
    const step = this.spot.update(digits);
    return Number.isNaN(step.surprise) ? digits : step.surprise;
  }

  toState(): z.input<typeof surpriseTailStateSchema> {
    return this.spot.toState();
  }
}
