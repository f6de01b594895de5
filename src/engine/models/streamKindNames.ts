/** The model kinds that score one value at a time from a sliding memory (built in `streamKinds.ts`). */
export const STREAM_KINDS = ['knn_cad', 'contextual', 'artime'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export function isStreamKind(kind: string): kind is StreamKind {
  return (STREAM_KINDS as readonly string[]).includes(kind);
}
