import { Document } from 'yaml';

/** One YAML document, long lines (PromQL) kept whole. */
export function toYaml(value: unknown, comment?: string): string {
  const document = new Document(value);
  if (comment) {
    document.commentBefore = comment;
  }
  return document.toString({ lineWidth: 0 });
}

/** A multi-document YAML stream, as `kubectl apply -f -` reads it. */
export function toYamlStream(values: unknown[]): string {
  return values.map((value) => toYaml(value)).join('---\n');
}
