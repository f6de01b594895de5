import React from 'react';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { ALERT_NAME } from '../alerting';
import { AlertsView } from '../components/Alerts/AlertsView';
import { SILENCE_CREATED_BY } from '../constants';
import type { AlertmanagerAlert, Silence } from '../clients';
import { alertmanagerViaGrafana } from '../utils/api/grafanaClients';
import { loadAppSettings } from '../utils/api/appSettings';

export interface AlertsSceneState extends SceneObjectState {
  loading: boolean;
  alerts: AlertmanagerAlert[];
  silences: Silence[];
  /** Show one detector's alerts only (URL: ?detector=). */
  detector?: string;
  alertmanagerUid?: string;
  error?: string;
}

/** Vigil's anomaly alerts held by Alertmanager, and Vigil's silences; mute and unmute. */
export class AlertsScene extends SceneObjectBase<AlertsSceneState> {
  static Component = AlertsSceneRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['detector'] });

  constructor() {
    super({ loading: true, alerts: [], silences: [] });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { detector: this.state.detector };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const detector = typeof values.detector === 'string' && values.detector !== '' ? values.detector : undefined;
    if (detector !== this.state.detector) {
      this.setState({ detector });
    }
  }

  setDetector(detector: string | undefined) {
    this.setState({ detector });
  }

  async load() {
    try {
      const settings = await loadAppSettings();
      const api = alertmanagerViaGrafana(settings.alertmanagerUid);
      const [alerts, silences] = await Promise.all([
        api.getAlerts({ matchers: [`alertname="${ALERT_NAME}"`] }),
        api.listSilences(),
      ]);
      this.setState({
        loading: false,
        alerts,
        silences: silences.filter(
          (silence) => silence.createdBy === SILENCE_CREATED_BY && silence.status.state !== 'expired'
        ),
        alertmanagerUid: settings.alertmanagerUid,
        error: undefined,
      });
    } catch (error) {
      this.setState({ loading: false, error: (error as Error).message });
    }
  }

  /** Expires the silences muting an alert (or one silence by id), then reloads. */
  async unmute(silenceIds: string[]) {
    const uid = this.state.alertmanagerUid;
    if (!uid) {
      return;
    }
    try {
      const api = alertmanagerViaGrafana(uid);
      for (const id of silenceIds) {
        await api.expireSilence(id);
      }
    } catch (error) {
      this.setState({ error: (error as Error).message });
    }
    await this.load();
  }
}

function AlertsSceneRenderer({ model }: SceneComponentProps<AlertsScene>) {
  const state = model.useState();
  return (
    <AlertsView
      {...state}
      onReload={() => model.load()}
      onUnmute={(ids) => model.unmute(ids)}
      onDetectorChange={(detector) => model.setDetector(detector)}
    />
  );
}
