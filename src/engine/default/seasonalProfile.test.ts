import { PROFILE_REFERENCE_STEP_MS, SeasonalProfile, seasonalProfileStateSchema } from './seasonalProfile';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const START = 12 * 60 * MINUTE;

/** A profile of 48 slots that learned `value` at every step of `stepMs` over [START, START + spanMs]. */
function taught(stepMs: number, spanMs: number, value: number): SeasonalProfile {
  const profile = new SeasonalProfile(48, 0.1);
  profile.learn(START - PROFILE_REFERENCE_STEP_MS, 0);
  for (let t = START; t <= START + spanMs; t += stepMs) {
    profile.learn(t, value);
  }
  return profile;
}

describe('SeasonalProfile', () => {
  it('learns as much per minute at 1-second steps as at 1-minute steps, not 60 times more', () => {
    const perMinute = taught(MINUTE, 2 * MINUTE, 10).expected(START + 2 * MINUTE, 0);
    const perSecond = taught(SECOND, 2 * MINUTE, 10).expected(START + 2 * MINUTE, 0);
    // Three values of 10 at 1-minute steps, between two slots: a little over 1. Per value, 121 of them made it 9.6.
    expect(perMinute).toBeGreaterThan(1);
    expect(perMinute).toBeLessThan(2);
    expect(perSecond).toBeGreaterThan(0.9 * perMinute);
    expect(perSecond).toBeLessThan(1.1 * perMinute);
  });

  it('teaches alpha per value at steps of a minute and coarser, as before', () => {
    const profile = new SeasonalProfile(1, 0.1);
    profile.learn(0, 0);
    profile.learn(5 * MINUTE, 10);
    expect(profile.expected(5 * MINUTE, 0)).toBeCloseTo(1, 12);
  });

  it('needs the same span of time, not the same number of values, before a slot predicts', () => {
    const spanUntilPredicting = (stepMs: number) => {
      const profile = new SeasonalProfile(48, 0.1);
      let t = START;
      for (; Number.isNaN(profile.expected(t, 3)); t += stepMs) {
        profile.learn(t, 1);
      }
      return t - START;
    };
    // The first value counts as a whole sample (its step is unknown), hence not quite the same span.
    const perMinute = spanUntilPredicting(MINUTE);
    expect(perMinute).toBeGreaterThanOrEqual(3 * MINUTE);
    expect(spanUntilPredicting(SECOND)).toBeGreaterThan(0.75 * perMinute);
    expect(spanUntilPredicting(SECOND)).toBeLessThan(1.25 * perMinute);
  });

  it.each([
    [2, 'short of the 3 samples a slot needs (stored as they are)'],
    [5, 'past the 3 samples a slot needs (stored as 3)'],
  ])(
    'continues bit for bit after a JSON round trip of its state at %i minutes of 1-second values, counts %s',
    (minutes) => {
      const whole = taught(SECOND, minutes * MINUTE, 3);
      const state = whole.toState(3);
      const learned = state.count.filter((count) => count > 0);
      expect(learned).toHaveLength(2);
      expect(learned.every((count) => (minutes === 2 ? count < 3 : count === 3))).toBe(true);
      const restored = SeasonalProfile.fromState(seasonalProfileStateSchema.parse(JSON.parse(JSON.stringify(state))));
      for (let t = START + minutes * MINUTE + SECOND; t < START + 10 * MINUTE; t += SECOND) {
        whole.learn(t, Math.sin(t));
        restored.learn(t, Math.sin(t));
        expect(restored.expected(t, 3)).toBe(whole.expected(t, 3));
      }
      expect(restored.freeze(3).toState()).toEqual(whole.freeze(3).toState());
    }
  );
});
