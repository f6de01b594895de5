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
import { DEFAULT_PROMETHEUS_UID, SILENCE_CREATED_BY } from '../constants';
import type { AlertmanagerAlert, Silence } from '../clients';
import { alertmanagerViaGrafana } from '../utils/api/grafanaClients';
import { loadAppSettings } from '../utils/api/appSettings';

export interface AlertsSceneState extends SceneObjectState {
  loading: boolean;
  alerts: AlertmanagerAlert[];
  silences: Silence[];
  /** Show one detector's alerts only (URL: ?detector=). */
  detector?: string;
  /** The search box (URL: ?search=). */
  search: string;
  alertmanagerUid?: string;
  prometheusUid: string;
  /** When the alerts were read (ms). */
  readAt: number;
  /** The app knows a remediation receiver: alerts link to the Remediations page. */
  remediations: boolean;
  error?: string;
}

/** Vigil's anomaly alerts held by Alertmanager, and Vigil's silences; mute and unmute. */
export class AlertsScene extends SceneObjectBase<AlertsSceneState> {
  static Component = AlertsSceneRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['detector', 'search'] });

  constructor() {
    super({
      loading: true,
      alerts: [],
      silences: [],
      search: '',
      prometheusUid: DEFAULT_PROMETHEUS_UID,
      readAt: 0,
      remediations: false,
    });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { detector: this.state.detector, search: this.state.search || undefined };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const detector = typeof values.detector === 'string' && values.detector !== '' ? values.detector : undefined;
    const search = typeof values.search === 'string' ? values.search : '';
    if (detector !== this.state.detector || search !== this.state.search) {
      this.setState({ detector, search });
    }
  }

  setSearch(search: string) {
    this.setState({ search });
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
        prometheusUid: settings.prometheusUid,
        readAt: Date.now(),
        remediations: settings.remediationUrl !== '',
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
      onSearchChange={(search) => model.setSearch(search)}
    />
  );
}
