import { categoryFolds, categoryOf, chooseOnTraining, crossValidateByCategory, ScoredCorpus } from './crossValidation';
import { NAB_PROFILES, nabScoreCorpus } from './nabScore';

const ROWS = 100;
// One window at rows 50-59: a detection at row 50 (its left edge) earns exactly A_tp; probation is 15 rows.
const WINDOW = [{ start: 50, end: 59 }];

/** Scores of a 100-row file: 0 everywhere but the given rows. */
function scores(points: Record<number, number>): Float64Array {
  const s = new Float64Array(ROWS);
  for (const [row, value] of Object.entries(points)) {
    s[Number(row)] = value;
  }
  return s;
}

// A and B: a strong detection (0.9) at the window's start and a false alarm (0.5) before it.
// C: only a weak detection (0.6) at the window's start.
const STRONG = scores({ 20: 0.5, 50: 0.9 });
const WEAK = scores({ 50: 0.6 });

function corpus(grid: Float64Array[][]): ScoredCorpus {
  return { names: ['A/a.csv', 'B/b.csv', 'C/c.csv'], windows: [WINDOW, WINDOW, WINDOW], scores: grid };
}

const [standard, lowFp, lowFn] = NAB_PROFILES;

describe('categoryFolds', () => {
  it('leaves each category out once, in sorted order, and tests every file exactly once', () => {
    const names = ['web/b.csv', 'db/x.csv', 'web/a.csv', 'cache/z.csv', 'db/y.csv'];
    const folds = categoryFolds(names);
    expect(folds.map((f) => f.category)).toEqual(['cache', 'db', 'web']);
    expect(folds.map((f) => f.test)).toEqual([[3], [1, 4], [0, 2]]);
    expect(folds[1].train).toEqual([0, 2, 3]);
    expect(folds.flatMap((f) => f.test).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(categoryOf('realTraffic/speed.csv')).toBe('realTraffic');
    expect(categoryOf('loose.csv')).toBe('loose.csv');
  });
});

describe('crossValidateByCategory', () => {
  it('applies the threshold chosen on the training folds, not the held-out fold’s own best one', () => {
    const result = crossValidateByCategory(corpus([[STRONG, STRONG, WEAK]]));
    expect(result.folds.map((f) => [f.category, f.files, f.windows])).toEqual([
      ['A', 1, 1],
      ['B', 1, 1],
      ['C', 1, 1],
    ]);
    const c = result.folds[2].profiles[0];
    // Trained on A and B, where 0.9 catches both windows without the false alarm at 0.5.
    expect(c.threshold).toBe(0.9);
    expect(c.trainNormalized).toBeCloseTo(100, 9);
    // Held out, C's weak detection stays below it: the window is missed.
    expect([c.truePositives, c.falseNegatives, c.score]).toEqual([0, 1, -1]);
    expect(c.normalized).toBeCloseTo(0, 9);
    // Tuned on C itself, the sweep would pick 0.6 and score 100: that leak is what the fold must not contain.
    const oracle = nabScoreCorpus([{ name: 'C/c.csv', scores: WEAK, windows: WINDOW }], standard);
    expect(oracle.threshold).toBe(0.6);
    expect(oracle.normalized).toBeCloseTo(100, 9);

    // Trained on B and C, 0.6 catches both windows; on A it catches the window and skips the 0.5 false alarm.
    const a = result.folds[0].profiles[0];
    expect(a.threshold).toBe(0.6);
    expect([a.truePositives, a.falsePositives]).toEqual([1, 0]);
    expect(a.normalized).toBeCloseTo(100, 9);

    const summary = result.summary[0];
    expect(summary.profile).toBe('standard');
    expect(summary.mean).toBeCloseTo(200 / 3, 9);
    expect(summary.worst).toEqual({ category: 'C', normalized: expect.closeTo(0, 9) });
    // Held-out raw scores 1 + 1 - 1 against null -3 and perfect 3.
    expect(summary.pooled).toBeCloseTo((100 * 4) / 6, 9);
  });

  it('scores every profile with its own training threshold and weights', () => {
    const result = crossValidateByCategory(corpus([[STRONG, STRONG, WEAK]]));
    const c = result.folds[2].profiles;
    expect(c.map((p) => p.profile)).toEqual([standard.name, lowFp.name, lowFn.name]);
    expect(c.map((p) => p.threshold)).toEqual([0.9, 0.9, 0.9]);
    // A missed window costs A_fn: 2 under reward_low_FN_rate, whose null score is then -2.
    expect(c[2].score).toBe(-2);
    expect(c[2].nullScore).toBe(-2);
    expect(result.summary.map((s) => s.worst?.category)).toEqual(['C', 'C', 'C']);
  });

  it('chooses the grid point on the training folds even when another would score better held out', () => {
    // Grid point 1 is poor on A and B (a weak detection below the false alarm) but perfect on C.
    const poor = scores({ 20: 0.5, 50: 0.3 });
    const strongOnC = scores({ 50: 0.95 });
    const result = crossValidateByCategory(
      corpus([
        [STRONG, STRONG, WEAK],
        [poor, poor, strongOnC],
      ])
    );
    const c = result.folds[2].profiles[0];
    expect(c.gridPoint).toBe(0);
    expect(c.normalized).toBeCloseTo(0, 9);

    const train = {
      names: ['A/a.csv', 'B/b.csv'],
      windows: [WINDOW, WINDOW],
      scores: [
        [poor, poor],
        [STRONG, STRONG],
      ],
    };
    expect(chooseOnTraining(train, [0, 1], standard)).toEqual({
      gridPoint: 1,
      threshold: 0.9,
      normalized: expect.closeTo(100, 9),
    });
  });

  it('reports a fold without windows by its false alarms and counts it only in the pooled score', () => {
    const quiet = {
      names: ['A/a.csv', 'B/b.csv', 'Z/none.csv'],
      windows: [WINDOW, WINDOW, []],
      scores: [[STRONG, STRONG, scores({ 30: 0.95 })]],
    };
    const result = crossValidateByCategory(quiet);
    const z = result.folds[2];
    expect([z.category, z.windows]).toEqual(['Z', 0]);
    expect(z.profiles[0].normalized).toBeNull();
    expect(z.profiles[0].falsePositives).toBe(1);
    expect(z.profiles[0].score).toBeCloseTo(-0.11, 12);
    expect(result.summary[0].mean).toBeCloseTo(100, 9);
    expect(result.summary[0].worst?.category).toBe('A');
    // 1 + 1 - 0.11 against null -2 and perfect 2.
    expect(result.summary[0].pooled).toBeCloseTo((100 * 3.89) / 4, 9);
  });

  it('has no folds for a corpus of one category (nothing to train on)', () => {
    const one = { names: ['A/a.csv', 'A/b.csv'], windows: [WINDOW, WINDOW], scores: [[STRONG, WEAK]] };
    expect(crossValidateByCategory(one)).toEqual({
      folds: [],
      summary: NAB_PROFILES.map((p) => ({ profile: p.name, mean: null, worst: null, pooled: null })),
    });
  });
});
