import { inShard, resolveShard, shardOf } from './shard';

describe('sharding', () => {
  it('splits series evenly and stably by their labels', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      counts[shardOf({ __name__: 'up', instance: `host-${i}` }, 4)]++;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
    expect(shardOf({ b: '2', a: '1' }, 7)).toBe(shardOf({ a: '1', b: '2' }, 7));
    expect(shardOf({ instance: 'host-1' }, 4)).toBe(2);
    expect(inShard({ instance: 'x' }, { index: 0, count: 1 })).toBe(true);
  });

  it('takes flags first, then JOB_COMPLETION_INDEX and VIGIL_SHARD_COUNT', () => {
    expect(resolveShard({}, {})).toEqual({ index: 0, count: 1 });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '2', VIGIL_SHARD_COUNT: '3' })).toEqual({ index: 2, count: 3 });
    expect(resolveShard({ index: 1 }, { JOB_COMPLETION_INDEX: '2', VIGIL_SHARD_COUNT: '3' })).toEqual({
      index: 1,
      count: 3,
    });
    expect(() => resolveShard({ index: 3, count: 3 }, {})).toThrow('out of range');
    expect(() => resolveShard({}, { VIGIL_SHARD_COUNT: 'x' })).toThrow('VIGIL_SHARD_COUNT');
  });
});
