import React from 'react';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { RemediationsView } from '../components/Remediations/RemediationsView';
import { toRemediationRows, type RemediationRow } from '../components/Remediations/remediationRows';
import { loadAppSettings } from '../utils/api/appSettings';
import { loadRemediationActions } from '../utils/api/remediationActions';

export interface RemediationsSceneState extends SceneObjectState {
  loading: boolean;
  configured: boolean;
  rows: RemediationRow[];
  /** One alert's actions only (URL: ?fingerprint=). */
  fingerprint?: string;
  error?: string;
}

/** The recent actions of `vigil remediate`, read through Grafana's plugin proxy. */
export class RemediationsScene extends SceneObjectBase<RemediationsSceneState> {
  static Component = RemediationsSceneRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['fingerprint'] });

  constructor() {
    super({ loading: true, configured: false, rows: [] });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { fingerprint: this.state.fingerprint };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const fingerprint =
      typeof values.fingerprint === 'string' && values.fingerprint !== '' ? values.fingerprint : undefined;
    if (fingerprint !== this.state.fingerprint) {
      this.setState({ fingerprint });
      if (!this.state.loading) {
        this.load();
      }
    }
  }

  async load() {
    try {
      const settings = await loadAppSettings();
      if (settings.remediationUrl === '') {
        this.setState({ loading: false, configured: false, rows: [], error: undefined });
        return;
      }
      const actions = await loadRemediationActions(this.state.fingerprint);
      this.setState({ loading: false, configured: true, rows: toRemediationRows(actions), error: undefined });
    } catch (error) {
      this.setState({ loading: false, configured: true, rows: [], error: (error as Error).message });
    }
  }
}

function RemediationsSceneRenderer({ model }: SceneComponentProps<RemediationsScene>) {
  const state = model.useState();
  return <RemediationsView {...state} onReload={() => model.load()} />;
}
