import {
  NAB_PROFILES,
  nabProbationLength,
  nabRowWeights,
  nabScoreCorpus,
  nabScoreFile,
  scaledSigmoid,
} from './nabScore';
import { nabWindowsFromLabels, windowsFromTimeRanges } from './windows';

const [standard, lowFp, lowFn] = NAB_PROFILES;

/*
 * A fixed result set scored by hand from NAB's rules.
 *
 * File A: 20 rows, probation min(floor(0.15*20), 750) = 3 rows (0..2), one window at rows 8..11 (width 4).
 *   row 1  score 1.0  inside probation: ignored.
 *   row 5  score 0.8  false positive with no preceding window: -A_fp.
 *   row 9  score 0.9  true positive at position y = -(11-9+1)/4 = -0.75:
 *          sigma(-0.75) = 2/(1+e^-3.75) - 1 = 2/1.0235177 - 1 = 0.9540453,
 *          scaled by sigma(-1) = 2/(1+e^-5) - 1 = 0.9866143 -> A_tp * 0.9669891.
 *   row 14 score 0.7  false positive y = |11-14|/(4-1) = 1 past the window: sigma(1) = 2/(1+e^5) - 1 = -0.9866143
 *          -> A_fp * -0.9866143.
 * File B: 10 rows, probation floor(1.5) = 1 row, one window at rows 4..5 (width 2).
 *   row 4  score 0.5  true positive at the left edge y = -(5-4+1)/2 = -1 -> exactly A_tp.
 *   row 8  score 0.6  false positive y = |5-8|/(2-1) = 3 (not > 3): sigma(3) = 2/(1+e^15) - 1 = -0.9999994
 *          -> A_fp * -0.9999994.
 * Every other row scores 0.
 *
 * Sweep (standard profile, A_tp=1, A_fp=0.11, A_fn=1). S_null = -2 (two windows missed), S_perfect = 2.
 *   t=0.9: -2 + (0.9669891 + 1)                          = -0.0330109
 *   t=0.8: -0.0330109 - 0.11                              = -0.1430109
 *   t=0.7: -0.1430109 - 0.11*0.9866143                    = -0.2515385
 *   t=0.6: -0.2515385 - 0.11*0.9999994                    = -0.3615384
 *   t=0.5: -0.3615384 + (1 + 1)                           =  1.6384616   <- best
 *   t=0  : every other scorable row fires: far lower.
 *   normalised = 100 * (1.6384616 + 2) / (2 + 2) = 90.9615
 * reward_low_FP_rate (0.22 per FP): S = -2 + 1.9669891 - 0.22 - 0.22*0.9866143 - 0.22*0.9999994 + 2 = 1.3099341,
 *   normalised = 100 * (1.3099341 + 2) / 4 = 82.7484
 * reward_low_FN_rate (A_fn = 2): S_null = -4, S_perfect = 2,
 *   S = -4 + (0.9669891 + 2) - 0.11 - 0.1085276 - 0.1099999 + (1 + 2) = 1.6384616,
 *   normalised = 100 * (1.6384616 + 4) / 6 = 93.9744
 */
function fixture() {
  const a = new Array<number>(20).fill(0);
  a[1] = 1;
  a[5] = 0.8;
  a[9] = 0.9;
  a[14] = 0.7;
  const b = new Array<number>(10).fill(0);
  b[4] = 0.5;
  b[8] = 0.6;
  return [
    { name: 'a.csv', scores: a, windows: [{ start: 8, end: 11 }] },
    { name: 'b.csv', scores: b, windows: [{ start: 4, end: 5 }] },
  ];
}

describe('NAB scoring', () => {
  it('matches the hand-computed standard profile score of a fixed result set', () => {
    const result = nabScoreCorpus(fixture(), standard);
    expect(result.threshold).toBe(0.5);
    expect(result.score).toBeCloseTo(1.6384616, 6);
    expect(result.nullScore).toBe(-2);
    expect(result.perfectScore).toBe(2);
    expect(result.normalized).toBeCloseTo(90.9615, 3);
    expect(result.files.map((f) => [f.truePositives, f.falsePositives, f.falseNegatives])).toEqual([
      [1, 2, 0],
      [1, 1, 0],
    ]);
  });

  it('matches the hand-computed low-FP and low-FN profile scores', () => {
    expect(nabScoreCorpus(fixture(), lowFp).normalized).toBeCloseTo(82.7484, 3);
    const fnResult = nabScoreCorpus(fixture(), lowFn);
    expect(fnResult.nullScore).toBe(-4);
    expect(fnResult.normalized).toBeCloseTo(93.9744, 3);
  });

  it('scores a detector that only fires outside windows as the null detector (0) and a perfect one 100', () => {
    const scores = new Array<number>(400).fill(0);
    scores[250] = 1;
    const nullResult = nabScoreCorpus([{ name: 'late', scores, windows: [{ start: 200, end: 209 }] }], standard);
    expect(nullResult.normalized).toBe(0);
    expect(nullResult.threshold).toBeGreaterThan(1);
    const perfect = fixture().map((file) => {
      const scores = file.scores.map(() => 0);
      scores[file.windows[0].start] = 1;
      return { ...file, scores };
    });
    expect(nabScoreCorpus(perfect, standard).normalized).toBeCloseTo(100, 9);
  });

  it('finds the same best threshold as scoring every distinct threshold directly', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const files = [0, 1, 2].map((k) => ({
      name: `f${k}`,
      scores: Array.from({ length: 200 }, () => Math.round(random() * 50) / 50),
      windows: [
        { start: 60 + k * 10, end: 80 + k * 10 },
        { start: 150, end: 170 },
      ],
    }));
    for (const profile of NAB_PROFILES) {
      const swept = nabScoreCorpus(files, profile);
      const candidates = [...new Set(files.flatMap((file) => file.scores))];
      const direct = Math.max(
        -profile.fn * 6,
        ...candidates.map((t) => files.reduce((sum, file) => sum + nabScoreFile(file, profile, t).score, 0))
      );
      expect(swept.score).toBeCloseTo(direct, 9);
    }
  });

  it('counts only the earliest detection inside a window', () => {
    const scores = new Array<number>(20).fill(0);
    scores[10] = 1;
    scores[8] = 1;
    scores[11] = 1;
    const file = { name: 'x', scores, windows: [{ start: 8, end: 11 }] };
    const result = nabScoreFile(file, standard, 1);
    expect(result.score).toBeCloseTo(1, 9);
    expect(result.falsePositives).toBe(0);
  });

  it('weights false positives by their distance past the preceding window', () => {
    const { weight, window } = nabRowWeights(
      { name: 'x', scores: new Array<number>(30).fill(0), windows: [{ start: 8, end: 11 }] },
      standard
    );
    expect(weight[7]).toBeCloseTo(-0.11, 12);
    expect(window[9]).toBe(0);
    expect(weight[12]).toBeCloseTo(0.11 * scaledSigmoid(1 / 3), 12);
    expect(weight[12]).toBeGreaterThan(weight[13]);
    expect(weight[29]).toBeCloseTo(-0.11, 12);
  });

  it('ignores windows that end inside probation', () => {
    const scores = new Array<number>(100).fill(0);
    const result = nabScoreFile({ name: 'x', scores, windows: [{ start: 2, end: 10 }] }, standard, 0.5);
    expect(nabProbationLength(100)).toBe(15);
    expect(result.windows).toBe(0);
    expect(result.score).toBe(0);
  });

  it('caps probation at 750 rows', () => {
    expect(nabProbationLength(4032)).toBe(604);
    expect(nabProbationLength(15902)).toBe(750);
  });

  it('sizes windows from labels like NAB: floor(int(0.10*n/labels)/2) rows either side of each label, merged', () => {
    // NAB's art_daily_jumpsup.csv: n = 4032, one label at row 2988: w = int(403.2) = 403, 201 rows either side,
    // which is its combined_windows.json entry (2014-04-10 16:15 .. 2014-04-12 01:45 = rows 2787..3189).
    expect(nabWindowsFromLabels(4032, [2988])).toEqual([{ start: 2787, end: 3189 }]);
    // Two labels 20 rows apart with w = int(0.1*1000/2) = 50: [275, 325] and [295, 345] merge.
    expect(nabWindowsFromLabels(1000, [300, 320])).toEqual([{ start: 275, end: 345 }]);
  });
});

describe('windows from time ranges', () => {
  it('includes the rows at both edges, even at epoch-millisecond magnitudes', () => {
    const start = Date.UTC(2015, 8, 11);
    const timestamps = Array.from({ length: 10 }, (_, i) => start + i * 300_000);
    expect(windowsFromTimeRanges(timestamps, [[timestamps[2], timestamps[5]]])).toEqual([{ start: 2, end: 5 }]);
    expect(windowsFromTimeRanges(timestamps, [[timestamps[2] + 1, timestamps[5] - 1]])).toEqual([{ start: 3, end: 4 }]);
    expect(windowsFromTimeRanges(timestamps, [[timestamps[9] + 1, timestamps[9] + 2]])).toEqual([]);
  });
});
