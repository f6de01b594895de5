import { CounterReading, counterReadingStateSchema } from './counterReading';

describe('CounterReading', () => {
  it('reads each sample as its per-second rate since the one before, none at the first and across a reset', () => {
    const reading = new CounterReading();
    expect(reading.rate(0, 100)).toBeNaN();
    expect(reading.rate(60_000, 160)).toBe(1);
    expect(reading.intervalMs).toBe(60_000);
    expect(reading.rate(120_000, 40)).toBeNaN();
    expect(reading.rate(180_000, 100)).toBe(1);
  });

  it('takes the rate across a missing sample, over the whole interval', () => {
    const reading = new CounterReading();
    reading.rate(0, 0);
    expect(reading.rate(60_000, NaN)).toBeNaN();
    expect(reading.rate(NaN, 50)).toBeNaN();
    expect(reading.rate(120_000, 240)).toBe(2);
    expect(reading.intervalMs).toBe(120_000);
  });

  it('continues from its saved last sample, through JSON', () => {
    const reading = new CounterReading();
    reading.rate(0, 10);
    const saved = counterReadingStateSchema.parse(JSON.parse(JSON.stringify(reading.toState())));
    expect(new CounterReading(saved).rate(30_000, 40)).toBe(1);
    const empty = counterReadingStateSchema.parse(JSON.parse(JSON.stringify(new CounterReading().toState())));
    expect(new CounterReading(empty).rate(30_000, 40)).toBeNaN();
  });
});
