import { base64ToFloat64 } from '../util/base64';
import { gaussian, seededRandom } from '../synthetic/random';
import { DEFAULT_SCORER_PARAMS, DefaultScorer } from './defaultScorer';

const STEP_MS = 300_000;
const START_MS = Date.UTC(2024, 0, 1);

/** Five days of a daily sine at 5-minute steps with Gaussian noise of sd 2. */
function trained(): DefaultScorer {
  const scorer = new DefaultScorer(DEFAULT_SCORER_PARAMS);
  const noise = gaussian(seededRandom(7));
  for (let i = 0; i < 5 * 288; i++) {
    scorer.update(START_MS + i * STEP_MS, 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 2 * noise());
  }
  return scorer;
}

function learned(scorer: DefaultScorer) {
  const state = scorer.toState();
  return {
    level: Number(state.level),
    profile: Array.from(base64ToFloat64(state.season!.mean)),
    levelResiduals: state.residuals[1],
    profileResiduals: state.residuals[2],
  };
}

describe('what the level and the profile learn from a value far outside their residuals', () => {
  const spikeAt = START_MS + 5 * 288 * STEP_MS;

  it('moves them by at most 6 sd of their residuals, however large the spike, and the spike still scores high', () => {
    const before = learned(trained());
    const huge = trained();
    const hugeOutput = huge.update(spikeAt, 1e6);
    const larger = trained();
    larger.update(spikeAt, 1e9);
    const afterHuge = learned(huge);
    expect(afterHuge.level).toBe(learned(larger).level);
    expect(afterHuge.profile).toEqual(learned(larger).profile);
    expect(hugeOutput.score).toBeGreaterThan(0.9);

    const levelAlpha = 1 - Math.pow(0.5, 1 / DEFAULT_SCORER_PARAMS.levelHalfLife);
    const levelSd = Math.sqrt(Number(before.levelResiduals[2]));
    const levelReach = Math.abs(Number(before.levelResiduals[1])) + 6 * levelSd;
    expect(afterHuge.level - before.level).toBeGreaterThan(0);
    expect(afterHuge.level - before.level).toBeLessThanOrEqual(levelAlpha * levelReach + 1e-9);
    // Unclipped, the level would have moved by levelAlpha x 1e6: thousands of times more.
    expect(afterHuge.level - before.level).toBeLessThan(1e-3 * levelAlpha * 1e6);

    const profileSd = Math.sqrt(Number(before.profileResiduals[2]));
    const profileReach = Math.abs(Number(before.profileResiduals[1])) + 6 * profileSd;
    const moved = afterHuge.profile.map((mean, slot) => mean - before.profile[slot]);
    expect(Math.max(...moved)).toBeGreaterThan(0);
    expect(Math.max(...moved)).toBeLessThanOrEqual(DEFAULT_SCORER_PARAMS.seasonAlpha * profileReach + 1e-9);
  });

  it('still follows a lasting change: a step of 100 sd is learned by the level and the expected value within a day', () => {
    const scorer = trained();
    let expected = NaN;
    for (let i = 0; i < 288; i++) {
      expected = scorer.update(spikeAt + i * STEP_MS, 300).expected;
    }
    // The step is about 200 (100 sd of the noise); both close all but a few percent of it.
    expect(Math.abs(learned(scorer).level - 300)).toBeLessThan(6);
    expect(Math.abs(expected - 300)).toBeLessThan(10);
  });
});
