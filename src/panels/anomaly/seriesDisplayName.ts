/** A short human name for a series: its metric name and the labels that tell it apart. */
export function seriesDisplayName(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  if (!name) {
    return inner ? `{${inner}}` : '{}';
  }
  return inner ? `${name}{${inner}}` : name;
}
