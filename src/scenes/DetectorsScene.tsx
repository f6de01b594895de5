import React from 'react';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { DetectorsTable } from '../components/Detectors/DetectorsTable';
import type { DetectorActivity } from '../components/Detectors/detectorStatus';
import { alertmanagerViaGrafana } from '../utils/api/grafanaClients';
import { loadAppSettings, updateAppSettings, type AppJsonData } from '../utils/api/appSettings';
import { loadLastRuns, type DetectorRun } from '../utils/api/lastRuns';
import { storedDetectors, withDetector, type StoredDetector } from '../utils/storedDetectors';
import { ALERT_NAME, DETECTOR_LABEL } from '../alerting';

export interface DetectorsSceneState extends SceneObjectState {
  loading: boolean;
  detectors: StoredDetector[];
  /** Detector id -> its alerts in Alertmanager; undefined until read, or when Alertmanager could not be asked. */
  activity?: Record<string, DetectorActivity>;
  error?: string;
  /** Alertmanager could not be asked; the list still shows. */
  activityError?: string;
  /** Detector id -> its last run and last successful run, from the run metrics in Prometheus. */
  lastRuns?: Record<string, DetectorRun>;
  lastRunsReadAt?: number;
  /** Prometheus could not be asked; deployment is not claimed either way. */
  lastRunsError?: string;
}

/** The detectors stored in the app's settings, with their alert activity and whether anything runs them. */
export class DetectorsScene extends SceneObjectBase<DetectorsSceneState> {
  static Component = DetectorsSceneRenderer;

  constructor() {
    super({ loading: true, detectors: [] });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  async load() {
    try {
      const settings = await loadAppSettings();
      this.setState({ loading: false, detectors: storedDetectors(settings), error: undefined });
      await Promise.all([this.loadActivity(settings), this.loadLastRuns(settings)]);
    } catch (error) {
      this.setState({ loading: false, error: (error as Error).message });
    }
  }

  private async loadLastRuns(settings: AppJsonData) {
    try {
      const lastRuns = await loadLastRuns(settings.prometheusUid);
      this.setState({ lastRuns, lastRunsReadAt: Date.now(), lastRunsError: undefined });
    } catch (error) {
      this.setState({ lastRuns: undefined, lastRunsError: (error as Error).message });
    }
  }

  private async loadActivity(settings: AppJsonData) {
    try {
      const alerts = await alertmanagerViaGrafana(settings.alertmanagerUid).getAlerts({
        matchers: [`alertname="${ALERT_NAME}"`],
      });
      const activity: Record<string, DetectorActivity> = {};
      for (const alert of alerts) {
        const id = alert.labels[DETECTOR_LABEL];
        if (!id) {
          continue;
        }
        const entry = (activity[id] ??= { firing: 0, suppressed: 0, lastStartsAt: undefined });
        entry[alert.status.state === 'suppressed' ? 'suppressed' : 'firing'] += 1;
        if (!entry.lastStartsAt || alert.startsAt > entry.lastStartsAt) {
          entry.lastStartsAt = alert.startsAt;
        }
      }
      this.setState({ activity, activityError: undefined });
    } catch (error) {
      this.setState({ activity: undefined, activityError: (error as Error).message });
    }
  }

  async setEnabled(id: string, enabled: boolean) {
    const detector = this.state.detectors.find((one) => one.id === id);
    if (!detector?.spec) {
      return;
    }
    try {
      const settings = await updateAppSettings((current) => withDetector(current, { ...detector.spec, enabled }, id));
      this.setState({ detectors: storedDetectors(settings), error: undefined });
    } catch (error) {
      this.setState({ error: (error as Error).message });
    }
  }
}

function DetectorsSceneRenderer({ model }: SceneComponentProps<DetectorsScene>) {
  const state = model.useState();
  return <DetectorsTable {...state} onToggle={(id, enabled) => model.setEnabled(id, enabled)} />;
}
