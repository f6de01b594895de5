import { randomBytes } from 'node:crypto';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** A finished span, ready to encode: times in nanoseconds since the epoch, ids in lower-case hex. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  error?: string;
}

export interface Span {
  setAttributes(attributes: Attributes): void;
  /** Marks the span ERROR with `message` (the last failure wins). */
  fail(message: string): void;
  end(): void;
  child(name: string, attributes?: Attributes): Span;
}

export interface Tracer {
  /** The root span of a new trace. */
  startTrace(name: string, attributes?: Attributes): Span;
  /** Hands the spans finished since the last call to the exporter. Never throws. */
  flush(): Promise<void>;
}

const NOOP_SPAN: Span = {
  setAttributes() {},
  fail() {},
  end() {},
  child: () => NOOP_SPAN,
};

/** Tracing switched off: every call is a no-op on one shared span. */
export const NOOP_TRACER: Tracer = {
  startTrace: () => NOOP_SPAN,
  flush: async () => {},
};

/** Now, in nanoseconds since the epoch, at the sub-millisecond precision of the monotonic clock. */
export function nowUnixNano(): bigint {
  const ms = performance.timeOrigin + performance.now();
  const wholeMs = Math.floor(ms);
  return BigInt(wholeMs) * 1_000_000n + BigInt(Math.round((ms - wholeMs) * 1_000_000));
}

function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

class RecordingSpan implements Span {
  private readonly startTimeUnixNano = nowUnixNano();
  private readonly attributes: Attributes;
  private readonly spanId = hexId(8);
  private error: string | undefined;
  private ended = false;

  constructor(
    private readonly finished: SpanRecord[],
    private readonly name: string,
    private readonly traceId: string,
    private readonly parentSpanId: string | undefined,
    attributes: Attributes
  ) {
    this.attributes = { ...attributes };
  }

  setAttributes(attributes: Attributes): void {
    Object.assign(this.attributes, attributes);
  }

  fail(message: string): void {
    this.error = message;
  }

  end(): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.finished.push({
      traceId: this.traceId,
      spanId: this.spanId,
      ...(this.parentSpanId ? { parentSpanId: this.parentSpanId } : {}),
      name: this.name,
      startTimeUnixNano: this.startTimeUnixNano,
      endTimeUnixNano: nowUnixNano(),
      attributes: this.attributes,
      ...(this.error !== undefined ? { error: this.error } : {}),
    });
  }

  child(name: string, attributes: Attributes = {}): Span {
    return new RecordingSpan(this.finished, name, this.traceId, this.spanId, attributes);
  }
}

/** Records spans in memory; `flush` passes the finished ones to `exporter` and forgets them. */
export function recordingTracer(exporter: (spans: SpanRecord[]) => Promise<void>): Tracer {
  const finished: SpanRecord[] = [];
  return {
    startTrace: (name, attributes = {}) => new RecordingSpan(finished, name, hexId(16), undefined, attributes),
    async flush() {
      if (finished.length === 0) {
        return;
      }
      await exporter(finished.splice(0));
    },
  };
}

/** Runs `step` inside a child span of `parent`: ends it, and marks it ERROR (rethrowing) when `step` throws. */
export async function inSpan<T>(
  parent: Span,
  name: string,
  step: (span: Span) => Promise<T> | T,
  attributes?: Attributes
): Promise<T> {
  const span = parent.child(name, attributes);
  try {
    return await step(span);
  } catch (error) {
    span.fail((error as Error).message);
    throw error;
  } finally {
    span.end();
  }
}
