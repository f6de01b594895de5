import type { Series } from '../series';
import { PreprocessError, sortByTime } from './prometheus';

/** The part of a Grafana DataFrame the engine reads (structural: no Grafana import). */
export interface FrameField {
  name: string;
  type: string;
  values: ArrayLike<unknown> | { toArray(): unknown[] };
  labels?: Record<string, string>;
  config?: { displayNameFromDS?: string };
}

export interface FrameLike {
  name?: string;
  refId?: string;
  fields: FrameField[];
}

function fieldValues(field: FrameField): ArrayLike<unknown> {
  const values = field.values as ArrayLike<unknown> & { toArray?: () => unknown[] };
  return typeof values.toArray === 'function' && typeof values.length !== 'number' ? values.toArray() : values;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    return Number(value);
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  return NaN;
}

/** The labels of the series a number field becomes: its labels, or `__name__` from its name when it has none. */
export function fieldSeriesLabels(field: FrameField): Record<string, string> {
  const labels: Record<string, string> = { ...(field.labels ?? {}) };
  if (Object.keys(labels).length === 0) {
    labels.__name__ = field.config?.displayNameFromDS ?? field.name;
  }
  return labels;
}

/**
 * Turns DataFrames (one time field and one or more number fields each) into Series: one per
 * number field, labelled with the field's labels (plus `__name__` from the field name when the
 * labels have none). Frames without a time field are an error that names the frame.
 */
export function fromDataFrames(frames: FrameLike[]): Series[] {
  const series: Series[] = [];
  frames.forEach((frame, frameIndex) => {
    const where = `frame ${frame.name ?? frame.refId ?? frameIndex}`;
    if (!frame || !Array.isArray(frame.fields)) {
      throw new PreprocessError(`${where}: has no fields`);
    }
    const timeField = frame.fields.find((field) => field.type === 'time');
    if (!timeField) {
      if (frame.fields.length === 0) {
        return;
      }
      throw new PreprocessError(`${where}: has no time field`);
    }
    const times = fieldValues(timeField);
    for (const field of frame.fields) {
      if (field.type !== 'number') {
        continue;
      }
      const raw = fieldValues(field);
      if (raw.length !== times.length) {
        throw new PreprocessError(
          `${where}: field "${field.name}" has ${raw.length} values but the time field has ${times.length}`
        );
      }
      const timestamps = new Float64Array(times.length);
      const values = new Float64Array(times.length);
      for (let i = 0; i < times.length; i++) {
        timestamps[i] = toNumber(times[i]);
        const value = raw[i];
        values[i] = value === null || value === undefined ? NaN : toNumber(value);
      }
      series.push(sortByTime({ labels: fieldSeriesLabels(field), timestamps, values }));
    }
  });
  return series;
}
