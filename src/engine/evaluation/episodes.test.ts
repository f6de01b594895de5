import { EpisodeGrouping, episodes, openEpisodeSchema, seriesEpisodeGapMs, type Episode } from './episodes';

const MINUTE = 60_000;
const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * MINUTE);
const span = (found: Episode[]) => found.map((one) => [one.start, one.end]);

describe('episodes', () => {
  it('is empty when nothing is flagged', () => {
    expect(episodes([0, 0, 0], minutes(3))).toEqual([]);
  });

  it('makes one episode of consecutive flagged rows, with its start, end and peak', () => {
    const flags = [0, 1, 1, 1, 0, 0];
    const scores = [0.1, 0.75, 0.9, 0.8, 0.2, 0.1];
    const values = [10, 40, 90, 60, 11, 10];
    expect(episodes(flags, minutes(6), { scores, values })).toEqual([
      {
        start: 1,
        end: 3,
        startMs: MINUTE,
        endMs: 3 * MINUTE,
        points: 3,
        peak: { index: 2, atMs: 2 * MINUTE, value: 90, score: 0.9 },
      },
    ]);
  });

  it('keeps the first of equal peaks, and a NaN peak without scores', () => {
    const [one] = episodes([1, 1], minutes(2), { scores: [0.8, 0.8], values: [1, 2] });
    expect(one.peak.index).toBe(0);
    const [bare] = episodes([1, 1], minutes(2));
    expect(bare.peak).toEqual({ index: 0, atMs: 0, value: NaN, score: NaN });
  });

  it('keeps separate runs apart without a gap allowance', () => {
    expect(span(episodes([1, 0, 1, 0, 0, 1], minutes(6)))).toEqual([
      [0, 0],
      [2, 2],
      [5, 5],
    ]);
  });

  it('joins runs whose gap is within maxGapMs into one episode (a blinking 10-minute outage)', () => {
    const flags = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1];
    const found = episodes(flags, minutes(flags.length), { maxGapMs: 3 * MINUTE });
    expect(found.map(({ peak: _peak, ...rest }) => rest)).toEqual([
      { start: 1, end: 10, startMs: MINUTE, endMs: 10 * MINUTE, points: 7 },
      { start: 16, end: 16, startMs: 16 * MINUTE, endMs: 16 * MINUTE, points: 1 },
    ]);
  });

  it('joins at exactly maxGapMs and splits one step beyond it', () => {
    expect(episodes([1, 0, 0, 1], minutes(4), { maxGapMs: 3 * MINUTE })).toHaveLength(1);
    expect(episodes([1, 0, 0, 0, 1], minutes(5), { maxGapMs: 3 * MINUTE })).toHaveLength(2);
  });

  it('measures gaps in time, so missing rows (irregular timestamps) count', () => {
    const flags = [1, 0, 1];
    const timestamps = [0, MINUTE, 10 * MINUTE];
    expect(episodes(flags, timestamps, { maxGapMs: 5 * MINUTE })).toHaveLength(2);
    expect(episodes(flags, timestamps, { maxGapMs: 10 * MINUTE })).toHaveLength(1);
  });

  it('keeps consecutive flagged rows together however far apart their timestamps are', () => {
    expect(span(episodes([1, 1, 0], [0, 60 * MINUTE, 61 * MINUTE], { maxGapMs: MINUTE }))).toEqual([[0, 1]]);
  });

  it('ends an episode running to the last row at that row', () => {
    expect(span(episodes([0, 1, 1], minutes(3)))).toEqual([[1, 2]]);
  });

  it('runs an episode on past its flagged rows while extend marks them (an outage flagged once)', () => {
    const flags = [0, 1, 0, 0, 0, 0, 0];
    const outside = [0, 1, 1, 1, 0, 1, 1];
    const found = episodes(flags, minutes(7), { extend: outside });
    expect(span(found)).toEqual([[1, 3]]);
    expect(found[0].points).toBe(1);
  });

  it('never starts an episode from extend alone', () => {
    expect(episodes([0, 0, 0], minutes(3), { extend: [1, 1, 1] })).toEqual([]);
  });

  it('refuses columns of different lengths, naming the column', () => {
    expect(() => episodes([1, 0], minutes(3))).toThrow('2 flags but 3 timestamps');
    expect(() => episodes([1, 0], minutes(2), { scores: [1] })).toThrow('2 flags but 1 scores');
  });

  it('uses ten of the series own typical steps as the standard gap', () => {
    expect(seriesEpisodeGapMs(minutes(10))).toBe(10 * MINUTE);
    expect(seriesEpisodeGapMs([0, MINUTE, 2 * MINUTE, 60 * MINUTE])).toBe(10 * MINUTE);
    expect(seriesEpisodeGapMs([0])).toBe(0);
  });
});

describe('EpisodeGrouping across runs', () => {
  const flags = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
  const scores = flags.map((flag, i) => (flag ? 0.7 + i / 100 : 0.1));
  const rows = flags.map((flag, i) => ({
    index: i,
    atMs: i * MINUTE,
    flagged: flag === 1,
    score: scores[i],
    value: i,
  }));
  const gap = 3 * MINUTE;

  it('continues an episode left open at the end of one run into the next, through its saved form', () => {
    const whole = episodes(flags, minutes(flags.length), {
      maxGapMs: gap,
      scores,
      values: minutes(20).map((_, i) => i),
    });
    for (let cut = 1; cut < flags.length; cut++) {
      const first = new EpisodeGrouping(gap);
      const closed: Episode[] = [];
      for (const row of rows.slice(0, cut)) {
        const done = first.push(row);
        if (done) {
          closed.push(done);
        }
      }
      const saved = JSON.parse(JSON.stringify(first.open));
      const open = saved === null ? null : openEpisodeSchema.parse(saved);
      const second = new EpisodeGrouping(gap, { open, lastRowActive: open !== null && open.end === cut - 1 });
      for (const row of rows.slice(cut)) {
        const done = second.push(row);
        if (done) {
          closed.push(done);
        }
      }
      if (second.open) {
        closed.push(second.open);
      }
      expect({ cut, closed }).toEqual({ cut, closed: whole });
    }
    expect(span(whole)).toEqual([
      [1, 5],
      [13, 13],
    ]);
  });

  it('closes the open episode at the first unflagged row past the gap, not before', () => {
    const grouping = new EpisodeGrouping(gap);
    grouping.push(rows[1]);
    expect(grouping.push({ index: 2, atMs: 2 * MINUTE, flagged: false })).toBeNull();
    expect(grouping.push({ index: 4, atMs: 4 * MINUTE, flagged: false })).toBeNull();
    const closed = grouping.push({ index: 5, atMs: 5 * MINUTE, flagged: false });
    expect(closed).toMatchObject({ start: 1, end: 1, points: 1, peak: { index: 1, score: scores[1] } });
    expect(grouping.open).toBeNull();
  });

  it('reads a saved peak without a value (JSON null) as NaN', () => {
    const open = openEpisodeSchema.parse({
      start: 0,
      end: 0,
      startMs: 0,
      endMs: 0,
      points: 1,
      peak: { index: 0, atMs: 0, value: null, score: 0.8 },
    });
    expect(open.peak.value).toBeNaN();
  });
});
