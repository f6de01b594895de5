import { inSpan, NOOP_TRACER, nowUnixNano, recordingTracer, type SpanRecord } from './tracer';

function collecting() {
  const batches: SpanRecord[][] = [];
  const tracer = recordingTracer(async (spans) => {
    batches.push(spans);
  });
  return { tracer, batches };
}

describe('recordingTracer', () => {
  it('nests children under the root of one trace with hex ids and ordered times', async () => {
    const { tracer, batches } = collecting();
    const root = tracer.startTrace('vigil.run', { 'vigil.shard.index': 0 });
    const detector = root.child('vigil.detector', { 'vigil.detector': 'cpu' });
    const query = detector.child('vigil.query');
    query.setAttributes({ 'vigil.series': 3 });
    query.end();
    detector.end();
    root.end();
    await tracer.flush();

    expect(batches).toHaveLength(1);
    const [querySpan, detectorSpan, rootSpan] = batches[0];
    expect(batches[0].map((span) => span.name)).toEqual(['vigil.query', 'vigil.detector', 'vigil.run']);
    expect(rootSpan.traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const span of batches[0]) {
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.traceId).toBe(rootSpan.traceId);
      expect(span.endTimeUnixNano).toBeGreaterThanOrEqual(span.startTimeUnixNano);
    }
    expect(rootSpan.parentSpanId).toBeUndefined();
    expect(detectorSpan.parentSpanId).toBe(rootSpan.spanId);
    expect(querySpan.parentSpanId).toBe(detectorSpan.spanId);
    expect(querySpan.attributes).toEqual({ 'vigil.series': 3 });
    expect(detectorSpan.attributes).toEqual({ 'vigil.detector': 'cpu' });
    expect(new Set(batches[0].map((span) => span.spanId)).size).toBe(3);
  });

  it('gives every trace its own id and flushes only what finished since the last flush', async () => {
    const { tracer, batches } = collecting();
    const first = tracer.startTrace('vigil.run');
    first.end();
    first.end();
    await tracer.flush();
    const second = tracer.startTrace('vigil.run');
    second.end();
    await tracer.flush();
    await tracer.flush();

    expect(batches.map((batch) => batch.length)).toEqual([1, 1]);
    expect(batches[0][0].traceId).not.toBe(batches[1][0].traceId);
  });

  it('marks a span ERROR when its step throws, and rethrows', async () => {
    const { tracer, batches } = collecting();
    const root = tracer.startTrace('vigil.run');
    await expect(
      inSpan(root, 'vigil.query', () => {
        throw new Error('bad_data: parse error');
      })
    ).rejects.toThrow('bad_data: parse error');
    await expect(inSpan(root, 'vigil.state.save', () => 42)).resolves.toBe(42);
    root.end();
    await tracer.flush();

    const byName = Object.fromEntries(batches[0].map((span) => [span.name, span]));
    expect(byName['vigil.query'].error).toBe('bad_data: parse error');
    expect(byName['vigil.state.save'].error).toBeUndefined();
    expect(byName['vigil.query'].parentSpanId).toBe(byName['vigil.run'].spanId);
  });
});

describe('NOOP_TRACER', () => {
  it('records nothing and hands out one shared span', async () => {
    const root = NOOP_TRACER.startTrace('vigil.run');
    const child = root.child('vigil.detector');
    child.fail('ignored');
    child.end();
    root.end();
    expect(child).toBe(root);
    expect(child.child('vigil.query')).toBe(root);
    await expect(NOOP_TRACER.flush()).resolves.toBeUndefined();
  });
});

describe('nowUnixNano', () => {
  it('is nanoseconds since the epoch, agreeing with Date.now()', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const now = nowUnixNano();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(now).toBeGreaterThanOrEqual(before - 1_000_000n);
    expect(now).toBeLessThanOrEqual(after);
  });
});
