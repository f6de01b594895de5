import { episodes } from './episodes';

const MINUTE = 60_000;
const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * MINUTE);

describe('episodes', () => {
  it('is empty when nothing is flagged', () => {
    expect(episodes([0, 0, 0], minutes(3))).toEqual([]);
  });

  it('makes one episode of consecutive flagged rows, with its start and end times', () => {
    const flags = [0, 1, 1, 1, 0, 0];
    expect(episodes(flags, minutes(6))).toEqual([{ start: 1, end: 3, startMs: MINUTE, endMs: 3 * MINUTE, points: 3 }]);
  });

  it('keeps separate runs apart without a gap allowance', () => {
    const flags = [1, 0, 1, 0, 0, 1];
    expect(episodes(flags, minutes(6)).map((one) => [one.start, one.end])).toEqual([
      [0, 0],
      [2, 2],
      [5, 5],
    ]);
  });

  it('joins runs whose gap is within maxGapMs into one episode (a blinking 10-minute outage)', () => {
    const flags = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1];
    const found = episodes(flags, minutes(flags.length), 3 * MINUTE);
    expect(found).toEqual([
      { start: 1, end: 10, startMs: MINUTE, endMs: 10 * MINUTE, points: 7 },
      { start: 16, end: 16, startMs: 16 * MINUTE, endMs: 16 * MINUTE, points: 1 },
    ]);
  });

  it('measures gaps in time, so missing rows (irregular timestamps) count', () => {
    const flags = [1, 0, 1];
    const timestamps = [0, MINUTE, 10 * MINUTE];
    expect(episodes(flags, timestamps, 5 * MINUTE)).toHaveLength(2);
    expect(episodes(flags, timestamps, 10 * MINUTE)).toHaveLength(1);
  });

  it('ends an episode running to the last row at that row', () => {
    expect(episodes([0, 1, 1], minutes(3))).toEqual([
      { start: 1, end: 2, startMs: MINUTE, endMs: 2 * MINUTE, points: 2 },
    ]);
  });

  it('runs an episode on past its flagged rows while extend marks them (an outage flagged once)', () => {
    const flags = [0, 1, 0, 0, 0, 0, 0];
    const outside = [0, 1, 1, 1, 0, 1, 1];
    expect(episodes(flags, minutes(7), 0, outside)).toEqual([
      { start: 1, end: 3, startMs: MINUTE, endMs: 3 * MINUTE, points: 1 },
    ]);
  });

  it('never starts an episode from extend alone', () => {
    expect(episodes([0, 0, 0], minutes(3), 0, [1, 1, 1])).toEqual([]);
  });

  it('refuses flags and timestamps of different lengths', () => {
    expect(() => episodes([1, 0], minutes(3))).toThrow('2 flags but 3 timestamps');
  });
});
