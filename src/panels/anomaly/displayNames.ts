import { FieldType, type DataFrame } from '@grafana/data';
import { fieldSeriesLabels } from '../../engine/preprocess/dataFrame';
import { seriesKey, seriesSelector } from '../../engine/series';

/** Names a series by its key. */
export type DisplayName = (labels: Record<string, string>) => string;

/**
 * The names the query gives its series: the field's display name (panel override), else the datasource's
 * (Prometheus puts the rendered `legendFormat` there), else the series' labels.
 */
export function displayNamesFromFrames(frames: DataFrame[]): DisplayName {
  const names = new Map<string, string>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      const name = field.config?.displayName || field.config?.displayNameFromDS;
      if (field.type === FieldType.number && name) {
        names.set(seriesKey(fieldSeriesLabels(field)), name);
      }
    }
  }
  return (labels) => names.get(seriesKey(labels)) ?? seriesSelector(labels);
}
