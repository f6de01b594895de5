import { z } from 'zod';
import { exactNumberSchema, toExactNumber } from '../default/exactNumber';
import { counterRate } from './counterRate';

/** The last sample a counter was read at: the next rate is taken from it. */
export const counterReadingStateSchema = z.object({ atMs: exactNumberSchema, value: exactNumberSchema });

/**
 * A counter read one raw sample at a time, as a streaming detector sees it: each sample's per-second rate since the
 * previous one (counterRate's rules: NaN for the first sample and across a reset). A missing sample is not
 * remembered, so the rate after it is taken across the gap.
 */
export class CounterReading {
  private atMs: number;
  private value: number;
  /** Milliseconds between the two samples of the last rate read; NaN until one is. */
  intervalMs = NaN;

  constructor(last?: z.output<typeof counterReadingStateSchema>) {
    this.atMs = last?.atMs ?? NaN;
    this.value = last?.value ?? NaN;
  }

  /** The last sample read (NaN before the first). */
  get last(): { atMs: number; value: number } {
    return { atMs: this.atMs, value: this.value };
  }

  rate(timestamp: number, raw: number): number {
    if (!Number.isFinite(raw) || !Number.isFinite(timestamp)) {
      return NaN;
    }
    const rate = counterRate(this.atMs, this.value, timestamp, raw);
    if (Number.isFinite(rate)) {
      this.intervalMs = timestamp - this.atMs;
    }
    this.atMs = timestamp;
    this.value = raw;
    return rate;
  }

  toState(): z.input<typeof counterReadingStateSchema> {
    return { atMs: toExactNumber(this.atMs), value: toExactNumber(this.value) };
  }
}
