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
import { isVigilSilence } from '../components/Alerts/alertSilences';
import type { UnmuteMessage, UnmuteTarget } from '../components/Alerts/unmuteTarget';
import { DEFAULT_PROMETHEUS_UID } from '../constants';
import type { AlertmanagerAlert, Silence } from '../clients';
import { storedDetectors } from '../utils/storedDetectors';
import { alertmanagerViaGrafana } from '../utils/api/grafanaClients';
import { loadAppSettings } from '../utils/api/appSettings';

export interface AlertsSceneState extends SceneObjectState {
  loading: boolean;
  alerts: AlertmanagerAlert[];
  /** Every silence not yet expired, anyone's: who muted an alert and why. */
  silences: Silence[];
  /** Detectors stored in the app (others, e.g. from the CLI's config, have no editor page). */
  storedDetectorIds: string[];
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
  /** Reading alerts or silences failed. */
  error?: string;
  /** What the last Unmute did when that needs saying; kept through reloads until dismissed or replaced. */
  unmuteMessage?: UnmuteMessage;
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
      storedDetectorIds: [],
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
        silences: silences.filter((silence) => silence.status.state !== 'expired'),
        storedDetectorIds: storedDetectors(settings).map((detector) => detector.id),
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

  /** Expires Vigil's silences of the target (never anyone else's), says what still mutes it, then reloads. */
  async unmute({ what, silences, remaining }: UnmuteTarget) {
    const uid = this.state.alertmanagerUid;
    if (!uid) {
      return;
    }
    try {
      const api = alertmanagerViaGrafana(uid);
      for (const silence of silences.filter(isVigilSilence)) {
        await api.expireSilence(silence.id);
      }
      this.setState({ unmuteMessage: remaining ? { severity: 'info', text: `${what} ${remaining}` } : undefined });
    } catch (error) {
      this.setState({
        unmuteMessage: { severity: 'error', text: `Could not unmute ${what}: ${(error as Error).message}` },
      });
    }
    await this.load();
  }

  /** A silence was created: an old Unmute message no longer applies. */
  muted() {
    this.setState({ unmuteMessage: undefined });
    return this.load();
  }

  dismissUnmuteMessage() {
    this.setState({ unmuteMessage: undefined });
  }
}

function AlertsSceneRenderer({ model }: SceneComponentProps<AlertsScene>) {
  const state = model.useState();
  return (
    <AlertsView
      {...state}
      onReload={() => model.load()}
      onUnmute={(target) => model.unmute(target)}
      onMuted={() => model.muted()}
      onDismissUnmuteMessage={() => model.dismissUnmuteMessage()}
      onDetectorChange={(detector) => model.setDetector(detector)}
      onSearchChange={(search) => model.setSearch(search)}
    />
  );
}
