import { encodeSpans } from './otlpExport';
import type { SpanRecord } from './tracer';

const ROOT: SpanRecord = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'vigil.run',
  startTimeUnixNano: 1_763_730_000_123_456_789n,
  endTimeUnixNano: 1_763_730_002_000_000_000n,
  attributes: { 'vigil.exit_code': 1, 'vigil.ratio': 0.25, 'vigil.ok': false },
  error: 'detector cpu: bad_data',
};
const CHILD: SpanRecord = {
  traceId: ROOT.traceId,
  spanId: '00f067aa0ba902b7',
  parentSpanId: ROOT.spanId,
  name: 'vigil.detector',
  startTimeUnixNano: 1_763_730_000_200_000_000n,
  endTimeUnixNano: 1_763_730_001_000_000_000n,
  attributes: { 'vigil.detector': 'cpu' },
};

describe('encodeSpans', () => {
  const request = encodeSpans([CHILD, ROOT], 'vigil-prod');
  const [resourceSpans] = request.resourceSpans;
  const [child, root] = resourceSpans.scopeSpans[0].spans;

  it('wraps spans in resourceSpans -> scopeSpans with the service name', () => {
    expect(request.resourceSpans).toHaveLength(1);
    expect(resourceSpans.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'vigil-prod' } }]);
    expect(resourceSpans.scopeSpans).toHaveLength(1);
    expect(resourceSpans.scopeSpans[0].scope).toEqual({ name: 'vigil' });
  });

  it('keeps hex ids and links the child to its parent', () => {
    expect(root).toMatchObject({ traceId: ROOT.traceId, spanId: ROOT.spanId, name: 'vigil.run', kind: 1 });
    expect(root).not.toHaveProperty('parentSpanId');
    expect(child).toMatchObject({ traceId: ROOT.traceId, spanId: CHILD.spanId, parentSpanId: ROOT.spanId });
  });

  it('writes times as decimal strings of nanoseconds, exactly', () => {
    expect(root.startTimeUnixNano).toBe('1763730000123456789');
    expect(root.endTimeUnixNano).toBe('1763730002000000000');
  });

  it('encodes integers as intValue strings, other numbers as doubles, booleans and strings', () => {
    expect(root.attributes).toEqual([
      { key: 'vigil.exit_code', value: { intValue: '1' } },
      { key: 'vigil.ratio', value: { doubleValue: 0.25 } },
      { key: 'vigil.ok', value: { boolValue: false } },
    ]);
    expect(child.attributes).toEqual([{ key: 'vigil.detector', value: { stringValue: 'cpu' } }]);
  });

  it('sets status 2 with the message on failure, 1 otherwise', () => {
    expect(root.status).toEqual({ code: 2, message: 'detector cpu: bad_data' });
    expect(child.status).toEqual({ code: 1 });
  });

  it('survives a JSON round trip unchanged (no bigint left in it)', () => {
    expect(JSON.parse(JSON.stringify(request))).toEqual(request);
  });
});
