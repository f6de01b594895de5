import type { OtlpConfig } from './otlpConfig';
import type { AttributeValue, Attributes, SpanRecord } from './tracer';

const SPAN_KIND_INTERNAL = 1;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

function encodeValue(value: AttributeValue): OtlpValue {
  if (typeof value === 'string') {
    return { stringValue: value };
  }
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  // int64 is a string in the protobuf JSON mapping.
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

function encodeAttributes(attributes: Attributes): Array<{ key: string; value: OtlpValue }> {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: encodeValue(value) }));
}

/** The OTLP/JSON ExportTraceServiceRequest for `spans` of one service. */
export function encodeSpans(spans: SpanRecord[], serviceName: string) {
  return {
    resourceSpans: [
      {
        resource: { attributes: encodeAttributes({ 'service.name': serviceName }) },
        scopeSpans: [
          {
            scope: { name: 'vigil' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: SPAN_KIND_INTERNAL,
              startTimeUnixNano: String(span.startTimeUnixNano),
              endTimeUnixNano: String(span.endTimeUnixNano),
              attributes: encodeAttributes(span.attributes),
              status: span.error === undefined ? { code: STATUS_OK } : { code: STATUS_ERROR, message: span.error },
            })),
          },
        ],
      },
    ],
  };
}

/** POSTs `spans` as OTLP/HTTP JSON; throws with the status (or the network error) when the collector refuses. */
export async function exportSpans(config: OtlpConfig, spans: SpanRecord[]): Promise<void> {
  const response = await fetch(config.url, {
    method: 'POST',
    headers: { ...config.headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(encodeSpans(spans, config.serviceName)),
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
}
