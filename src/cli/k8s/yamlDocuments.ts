import { Document } from 'yaml';

/** One YAML document, long lines (PromQL) kept whole. */
export function toYaml(value: unknown, comment?: string): string {
  // Shared sub-objects (probes) are written out in full: anchors and aliases confuse readers of manifests.
  const document = new Document(value, { aliasDuplicateObjects: false });
  if (comment) {
    document.commentBefore = comment;
  }
  return document.toString({ lineWidth: 0 });
}

/** A multi-document YAML stream, as `kubectl apply -f -` reads it. */
export function toYamlStream(values: unknown[]): string {
  return values.map((value) => toYaml(value)).join('---\n');
}
