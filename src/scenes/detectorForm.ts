import {
  MODEL_KINDS,
  parseDetectorSpec,
  SEASONALITIES,
  type DetectorSpec,
  type ModelKind,
} from '../engine/detectorSpec';
import type { DetectorDefaults } from '../utils/api/appSettings';

/** The editor's fields, all as they appear in the URL. */
export interface DetectorForm {
  id: string;
  name: string;
  query: string;
  datasource: string;
  model: ModelKind;
  sensitivity: number;
  seasonality: DetectorSpec['seasonality'];
  /** The query returns raw counters: the detector scores their per-second rate. */
  counter: boolean;
  step: string;
  /** Days of history the preview runs over. */
  days: number;
  /** End of the preview range (ISO time); empty means now. */
  until: string;
}

export const FORM_URL_KEYS = [
  'id',
  'name',
  'query',
  'datasource',
  'model',
  'sensitivity',
  'seasonality',
  'counter',
  'step',
  'days',
  'until',
] as const;

export function formFromDefaults(defaults: DetectorDefaults, prometheusUid: string): DetectorForm {
  return {
    id: '',
    name: '',
    query: '',
    datasource: prometheusUid,
    model: defaults.model,
    sensitivity: defaults.sensitivity,
    seasonality: defaults.seasonality,
    counter: false,
    step: defaults.step,
    days: 7,
    until: '',
  };
}

export function formFromSpec(spec: DetectorSpec, days: number, until = ''): DetectorForm {
  return {
    id: spec.id,
    name: spec.name,
    query: spec.query,
    datasource: spec.datasourceUid,
    model: spec.model.kind,
    sensitivity: spec.sensitivity,
    seasonality: spec.seasonality,
    counter: spec.counter,
    step: spec.step,
    days,
    until,
  };
}

/** URL values that are well-formed for their field; anything else is ignored. */
export function formFromUrl(values: Record<string, string | string[] | null | undefined>): Partial<DetectorForm> {
  const text = (key: string) => {
    const value = values[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const form: Partial<DetectorForm> = {};
  for (const key of ['id', 'name', 'query', 'datasource', 'step', 'until'] as const) {
    const value = text(key);
    if (value !== undefined) {
      form[key] = value;
    }
  }
  const model = text('model');
  if (model && (MODEL_KINDS as readonly string[]).includes(model)) {
    form.model = model as ModelKind;
  }
  const seasonality = text('seasonality');
  if (seasonality && (SEASONALITIES as readonly string[]).includes(seasonality)) {
    form.seasonality = seasonality as DetectorSpec['seasonality'];
  }
  const counter = text('counter');
  if (counter === 'true' || counter === 'false') {
    form.counter = counter === 'true';
  }
  const sensitivity = Number(text('sensitivity'));
  if (text('sensitivity') !== undefined && sensitivity >= 0 && sensitivity <= 1) {
    form.sensitivity = sensitivity;
  }
  const days = Number(text('days'));
  if (Number.isInteger(days) && days >= 1 && days <= 30) {
    form.days = days;
  }
  return form;
}

export function formToUrl(form: DetectorForm): Record<string, string> {
  return Object.fromEntries(FORM_URL_KEYS.map((key) => [key, String(form[key])]));
}

/** A detector id derived from the name when the user gave none. */
export function idFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 63);
}

/** Stands in for the id of a detector not yet named, so a preview can run before it is. */
export const PREVIEW_ID = 'preview';

/** The spec a preview scores: the form's, with a stand-in id and name while the form has none. */
export function previewSpecFromForm(form: DetectorForm, base?: DetectorSpec): DetectorSpec {
  return specFromForm({ ...form, id: form.id || idFromName(form.name) || PREVIEW_ID }, base);
}

/** The spec the form describes, keeping the rest of a stored spec (drift, alert settings) unchanged. */
export function specFromForm(form: DetectorForm, base?: DetectorSpec): DetectorSpec {
  const id = form.id || idFromName(form.name);
  return parseDetectorSpec(
    {
      ...(base ?? {}),
      id,
      name: form.name || id,
      query: form.query,
      datasourceUid: form.datasource,
      step: form.step,
      model: base && base.model.kind === form.model ? base.model : { kind: form.model, params: {} },
      sensitivity: form.sensitivity,
      seasonality: form.seasonality,
      counter: form.counter,
    },
    'detector'
  );
}
