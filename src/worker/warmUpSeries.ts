/** Points of one warm-up round: a day at 1-minute steps, so that every test of the default detector runs. */
export const WARM_UP_POINTS = 1440;

/**
 * The series a fresh worker scores while it waits for its first request, so that V8 has compiled the engine's
 * per-row code before real series arrive: a positive load with a daily shape and noise, a spike and an outage (the
 * value, shift, duration and log-scale tests all judge rows). Each round is another day of a different noise.
 */
export function warmUpSeries(round: number): { timestamps: Float64Array; values: Float64Array } {
  const timestamps = new Float64Array(WARM_UP_POINTS);
  const values = new Float64Array(WARM_UP_POINTS);
  let state = round + 1;
  for (let i = 0; i < WARM_UP_POINTS; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const noise = state / 2 ** 32 - 0.5;
    const load = 100 + 30 * Math.sin((2 * Math.PI * i) / WARM_UP_POINTS) + 5 * noise;
    timestamps[i] = (round * WARM_UP_POINTS + i) * 60_000;
    values[i] = i === 900 ? 300 : i >= 1200 && i < 1230 ? 2 : load;
  }
  return { timestamps, values };
}
