import React from 'react';
import { locationService } from '@grafana/runtime';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { DetectorEditor } from '../components/DetectorEditor/DetectorEditor';
import { plural } from '../components/DetectorEditor/previewWording';
import type { DetectorSpec } from '../engine/detectorSpec';
import { parseDuration } from '../engine/duration';
import { DAY_MS } from '../engine/seasonal/period';
import { counterHint } from '../engine/preprocess/counterHint';
import { RejectedRequestError } from '../clients';
import { prometheusViaGrafana } from '../utils/api/grafanaClients';
import { loadAppSettings, updateAppSettings } from '../utils/api/appSettings';
import { DetectorIdTakenError, storedDetectors, withDetector, withoutDetector } from '../utils/storedDetectors';
import { detectorEditorUrl, prefixRoute } from '../utils/utils.routing';
import { ROUTES } from '../constants';
import { getDetectorClient } from '../worker/detectorClient';
import type { FitProgress, PreviewResponse } from '../worker/detectorService';
import {
  FORM_URL_KEYS,
  formFromDefaults,
  formFromSpec,
  formFromUrl,
  formToUrl,
  previewSpecFromForm,
  specFromForm,
  type DetectorForm,
} from './detectorForm';
import { noteSaved, takeSavedNotice } from './savedNotice';

/** Prometheus refuses more than 11,000 points per series; the preview stays below. */
const MAX_PREVIEW_POINTS = 10_000;

export type PreviewState =
  | { status: 'idle' }
  | { status: 'running'; phase: 'querying' | 'scoring'; training?: FitProgress }
  | {
      status: 'done';
      response: PreviewResponse;
      from: number;
      to: number;
      /** The end as the user set it (`until`); undefined when the preview ran up to now. */
      endLabel?: string;
      stepMs: number;
      /** Why the Counter switch looks wrong for the series queried, or null. */
      counterHint: string | null;
    }
  | { status: 'error'; title: string; message: string };

export interface DetectorEditorSceneState extends SceneObjectState {
  /** The stored detector being edited, or undefined for a new one. */
  detectorId?: string;
  form?: DetectorForm;
  stored?: DetectorSpec;
  loadError?: string;
  /** The stored detector could not be opened (it is invalid), but it can be deleted. */
  loadErrorDeletable?: boolean;
  deleteError?: string;
  formError?: string;
  /** Why the days typed cannot be previewed; the form keeps the last valid days meanwhile. */
  daysError?: string;
  saveState:
    | { status: 'idle' | 'saving' | 'saved' }
    /** `takenBy`: the id of the stored detector the save would have overwritten. */
    | { status: 'error'; message: string; takenBy?: string };
  preview: PreviewState;
}

/** Designs one detector: its query and model, a preview over past days computed in the worker, save and export. */
export class DetectorEditorScene extends SceneObjectBase<DetectorEditorSceneState> {
  static Component = DetectorEditorSceneRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...FORM_URL_KEYS] });
  private urlOverrides: Partial<DetectorForm> = {};
  /** Counts preview runs, so a late training report of an earlier run is not shown. */
  private previewRun = 0;

  constructor(detectorId: string | undefined) {
    const saved = detectorId !== undefined && takeSavedNotice(detectorId);
    super({ detectorId, saveState: { status: saved ? 'saved' : 'idle' }, preview: { status: 'idle' } });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return this.state.form ? formToUrl(this.state.form) : {};
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const fromUrl = formFromUrl(values);
    if (this.state.form) {
      const changed = Object.entries(fromUrl).some(
        ([key, value]) => this.state.form![key as keyof DetectorForm] !== value
      );
      if (changed) {
        this.setState({ form: { ...this.state.form, ...fromUrl } });
      }
    } else {
      this.urlOverrides = fromUrl;
    }
  }

  private async load() {
    try {
      const settings = await loadAppSettings();
      const { detectorId } = this.state;
      let form = formFromDefaults(settings.defaults, settings.prometheusUid);
      let stored: DetectorSpec | undefined;
      if (detectorId) {
        const found = storedDetectors(settings).find((one) => one.id === detectorId);
        if (!found) {
          this.setState({ loadError: `There is no detector "${detectorId}" in the app's settings.` });
          return;
        }
        if (!found.spec) {
          this.setState({ loadError: found.error, loadErrorDeletable: true });
          return;
        }
        stored = found.spec;
        form = formFromSpec(found.spec, form.days);
      }
      this.setState({ form: { ...form, ...this.urlOverrides }, stored, loadError: undefined });
    } catch (error) {
      this.setState({ loadError: (error as Error).message });
    }
  }

  setField<K extends keyof DetectorForm>(key: K, value: DetectorForm[K]) {
    if (this.state.form) {
      this.setState({
        form: { ...this.state.form, [key]: value },
        formError: undefined,
        saveState: { status: 'idle' },
      });
    }
  }

  setDays(change: { days: number } | { error: string }) {
    if ('days' in change) {
      this.setState({ daysError: undefined });
      this.setField('days', change.days);
    } else {
      this.setState({ daysError: change.error });
    }
  }

  /** The spec as the form stands, or undefined with the reason shown. */
  currentSpec(build = specFromForm): DetectorSpec | undefined {
    if (!this.state.form) {
      return undefined;
    }
    try {
      return build(this.state.form, this.state.stored);
    } catch (error) {
      this.setState({ formError: (error as Error).message });
      return undefined;
    }
  }

  async runPreview() {
    const spec = this.currentSpec(previewSpecFromForm);
    const form = this.state.form;
    if (!spec || !form || this.state.daysError) {
      return;
    }
    const run = ++this.previewRun;
    this.setState({ preview: { status: 'running', phase: 'querying' } });
    try {
      const to = form.until ? Date.parse(form.until) : Date.now();
      if (!Number.isFinite(to)) {
        this.setState({
          preview: {
            status: 'error',
            title: 'Preview failed',
            message: `"${form.until}" is not a time (use e.g. 2026-01-12T00:00:00Z)`,
          },
        });
        return;
      }
      const from = to - form.days * DAY_MS;
      const stepMs = Math.max(
        parseDuration(spec.step) ?? 60_000,
        Math.ceil((to - from) / MAX_PREVIEW_POINTS / 1000) * 1000
      );
      const series = await prometheusViaGrafana(spec.datasourceUid).queryRange(spec.query, from, to, stepMs);
      if (series.length === 0) {
        this.setState({
          preview: {
            status: 'error',
            title: 'No data',
            message: `The query returned no series over the ${form.until ? `${plural(form.days, 'day')} ending ${form.until}` : `last ${plural(form.days, 'day')}`}.`,
          },
        });
        return;
      }
      // Before the series go to the worker, which takes their buffers.
      const hint = counterHint(series, spec.counter, spec.query);
      this.setState({ preview: { status: 'running', phase: 'scoring' } });
      const response = await getDetectorClient().preview(spec, series, undefined, (training) => {
        if (run === this.previewRun && this.state.preview.status === 'running') {
          this.setState({ preview: { status: 'running', phase: 'scoring', training } });
        }
      });
      const endLabel = form.until || undefined;
      this.setState({ preview: { status: 'done', response, from, to, endLabel, stepMs, counterHint: hint } });
    } catch (error) {
      this.setState({ preview: previewError(error) });
    }
  }

  async save() {
    const spec = this.currentSpec();
    if (!spec) {
      return;
    }
    this.setState({ saveState: { status: 'saving' } });
    try {
      await updateAppSettings((current) => withDetector(current, spec, this.state.detectorId));
      const movedTo = spec.id !== this.state.detectorId;
      this.setState({ stored: spec, saveState: { status: 'saved' } });
      if (movedTo) {
        noteSaved(spec.id);
        locationService.push(detectorEditorUrl(spec.id));
      }
    } catch (error) {
      const takenBy = error instanceof DetectorIdTakenError ? error.id : undefined;
      this.setState({ saveState: { status: 'error', message: (error as Error).message, takenBy } });
    }
  }

  /** Removes the stored detector from the app's settings, valid or not, and goes back to the list. */
  async delete() {
    const { detectorId } = this.state;
    if (!detectorId) {
      return;
    }
    try {
      await updateAppSettings((current) => withoutDetector(current, detectorId));
      locationService.push(prefixRoute(ROUTES.Detectors));
    } catch (error) {
      this.setState({ deleteError: (error as Error).message });
    }
  }
}

/** Prometheus's own words when it refused the query (e.g. `bad_data: parse error: ...`), else the failure. */
function previewError(error: unknown): PreviewState {
  if (error instanceof RejectedRequestError) {
    return { status: 'error', title: 'Prometheus rejected the query', message: error.serverMessage };
  }
  return { status: 'error', title: 'Preview failed', message: (error as Error).message };
}

function DetectorEditorSceneRenderer({ model }: SceneComponentProps<DetectorEditorScene>) {
  const state = model.useState();
  return <DetectorEditor scene={model} state={state} />;
}
