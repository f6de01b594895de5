import { parseDetectorSpec } from '../engine/detectorSpec';
import {
  formFromDefaults,
  formFromSpec,
  formFromUrl,
  formToUrl,
  idFromName,
  PREVIEW_ID,
  previewSpecFromForm,
  specFromForm,
} from './detectorForm';

const defaults = {
  model: 'default' as const,
  sensitivity: 0.5,
  seasonality: 'auto' as const,
  step: '1m',
  trainingWindow: '7d',
  severity: 'warning' as const,
};

describe('detector form', () => {
  it('takes well-formed values from the URL and ignores the rest', () => {
    expect(
      formFromUrl({
        query: 'up',
        model: 'isolation_forest',
        sensitivity: '0.8',
        seasonality: 'hourly',
        days: '400',
        until: '2026-01-12T00:00:00Z',
      })
    ).toEqual({ query: 'up', model: 'isolation_forest', sensitivity: 0.8, until: '2026-01-12T00:00:00Z' });
    expect(formFromUrl({ model: 'random_cut_forest', sensitivity: '7', days: '3' })).toEqual({ days: 3 });
    expect(formFromUrl({ counter: 'true' })).toEqual({ counter: true });
    expect(formFromUrl({ counter: 'yes' })).toEqual({});
  });

  it.each(['knn_cad', 'contextual', 'artime', 'ensemble'] as const)(
    'offers model kind %s and builds a valid spec with it',
    (model) => {
      expect(formFromUrl({ model })).toEqual({ model });
      const spec = specFromForm({ ...formFromDefaults(defaults, 'prometheus'), name: 'x', query: 'up', model });
      expect(spec.model.kind).toBe(model);
    }
  );

  it('round-trips through the URL', () => {
    const form = { ...formFromDefaults(defaults, 'prom-a'), name: 'API latency', query: 'rate(x[5m])', days: 3 };
    expect({ ...form, ...formFromUrl(formToUrl(form)) }).toEqual(form);
    const counter = { ...form, query: 'http_requests_total', counter: true };
    expect({ ...form, ...formFromUrl(formToUrl(counter)) }).toEqual(counter);
  });

  it('scores a raw counter by its rate when the form says so, and keeps a stored counter spec one', () => {
    const form = { ...formFromDefaults(defaults, 'prometheus'), name: 'errors', query: 'http_errors_total' };
    expect(specFromForm(form).counter).toBe(false);
    expect(specFromForm({ ...form, counter: true }).counter).toBe(true);
    const stored = parseDetectorSpec({ id: 'errors', name: 'errors', query: 'http_errors_total', counter: true });
    expect(formFromSpec(stored, 7).counter).toBe(true);
    expect(specFromForm(formFromSpec(stored, 7), stored)).toEqual(stored);
  });

  it('derives the id from the name and validates with the engine schema', () => {
    expect(idFromName('  API latency (p99)!')).toBe('api-latency-p99');
    const spec = specFromForm({ ...formFromDefaults(defaults, 'prometheus'), name: 'API latency', query: 'up' });
    expect(spec.id).toBe('api-latency');
    expect(() => specFromForm({ ...formFromDefaults(defaults, 'prometheus'), name: 'x', query: '' })).toThrow(/query/);
  });

  it('keeps what the form does not show (drift, alert settings) from the stored spec', () => {
    const stored = parseDetectorSpec({
      id: 'cpu',
      name: 'CPU',
      query: 'cpu',
      drift: { enabled: false },
      alert: { severity: 'critical', labels: { team: 'infra' } },
    });
    const spec = specFromForm({ ...formFromSpec(stored, 7), sensitivity: 0.9 }, stored);
    expect(spec).toEqual({ ...stored, sensitivity: 0.9 });
  });

  it('builds a preview spec before a name and id are given, but a saved spec needs them', () => {
    const form = { ...formFromDefaults(defaults, 'prom-a'), query: 'rate(x[5m])' };
    expect(() => specFromForm(form)).toThrow();
    expect(previewSpecFromForm(form)).toMatchObject({ id: PREVIEW_ID, query: 'rate(x[5m])' });
    expect(previewSpecFromForm({ ...form, name: 'API latency' }).id).toBe('api-latency');
  });
});
