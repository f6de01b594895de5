import { StepDigits, stepDigitsStateSchema } from './stepDigits';

const MINUTE = 60_000;

function digitsAfter(stepsMs: number[]): number[] {
  const step = new StepDigits();
  let at = Date.UTC(2024, 0, 1);
  return [step.observe(at), ...stepsMs.map((ms) => step.observe((at += ms)))];
}

describe('StepDigits', () => {
  it('adds log10(step / 5 minutes) for steps above 5 minutes and nothing at or below them', () => {
    expect(digitsAfter(Array(50).fill(60 * MINUTE)).at(-1)).toBeCloseTo(Math.log10(12), 12);
    expect(digitsAfter(Array(50).fill(30 * MINUTE)).at(-1)).toBeCloseTo(Math.log10(6), 12);
    expect(digitsAfter(Array(50).fill(5 * MINUTE)).every((digits) => digits === 0)).toBe(true);
    expect(digitsAfter(Array(50).fill(MINUTE)).every((digits) => digits === 0)).toBe(true);
    expect(digitsAfter(Array(50).fill(1000)).every((digits) => digits === 0)).toBe(true);
    // Nothing is known of the step before the second row.
    expect(digitsAfter([])).toEqual([0]);
  });

  it('is moved little by a gap in the data, and follows a lasting change of step', () => {
    const gap = digitsAfter([...Array(30).fill(60 * MINUTE), 7 * 24 * 60 * MINUTE, 60 * MINUTE]);
    // A week without data moves the estimate by a factor of 2^0.1 at most, not to a week.
    expect(gap.at(-2)).toBeCloseTo(Math.log10(12 * Math.pow(2, 0.1)), 12);
    expect(gap.at(-1)).toBeLessThan(gap.at(-2)!);
    const coarser = digitsAfter([...Array(30).fill(5 * MINUTE), ...Array(100).fill(60 * MINUTE)]);
    expect(coarser[30]).toBe(0);
    expect(coarser.at(-1)).toBeCloseTo(Math.log10(12), 3);
  });

  it('takes irregular steps at their typical length, and skips repeated or earlier times', () => {
    const irregular = digitsAfter(Array.from({ length: 400 }, (_, k) => (k % 2 === 0 ? 5 : 20) * MINUTE));
    // The geometric mean of 5 and 20 minutes is 10.
    expect(irregular.at(-1)).toBeCloseTo(Math.log10(2), 1);
    const step = new StepDigits();
    step.observe(0);
    step.observe(60 * MINUTE);
    expect(step.observe(60 * MINUTE)).toBeCloseTo(Math.log10(12), 12);
    expect(step.observe(30 * MINUTE)).toBeCloseTo(Math.log10(12), 12);
  });

  it('continues exactly after a round trip of its state through JSON', () => {
    const times = Array.from({ length: 200 }, (_, k) => k * 37 * MINUTE + ((k * 7919) % 13) * MINUTE);
    const whole = new StepDigits();
    const first = new StepDigits();
    times.slice(0, 80).forEach((t) => {
      whole.observe(t);
      first.observe(t);
    });
    const restored = new StepDigits(stepDigitsStateSchema.parse(JSON.parse(JSON.stringify(first.toState()))));
    for (const t of times.slice(80)) {
      expect(Object.is(restored.observe(t), whole.observe(t))).toBe(true);
    }
    expect(restored.toState()).toEqual(whole.toState());
    expect(new StepDigits(stepDigitsStateSchema.parse(new StepDigits().toState())).observe(0)).toBe(0);
  });
});
