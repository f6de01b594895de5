import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, EmptyState, FilterInput, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { DETECTOR_LABEL, type LabelMatcher } from '../../alerting';
import type { AlertmanagerAlert, Silence } from '../../clients';
import { MuteDialog } from '../MuteDialog/MuteDialog';
import { testIds } from '../testIds';
import { AlertsTable } from './AlertsTable';
import { filterAlerts } from './filterAlerts';
import { groupAlertsByDetector } from './groupAlerts';
import { isVigilSilence } from './alertSilences';
import { SilencesTable } from './SilencesTable';
import type { UnmuteMessage, UnmuteTarget } from './unmuteTarget';

export interface AlertsViewProps {
  loading: boolean;
  alerts: AlertmanagerAlert[];
  /** Every silence not expired, anyone's. */
  silences: Silence[];
  storedDetectorIds: string[];
  detector?: string;
  search: string;
  prometheusUid: string;
  /** When the alerts were read (ms). */
  readAt: number;
  /** A remediation receiver is configured (links to the Remediations page). */
  remediations: boolean;
  error?: string;
  unmuteMessage?: UnmuteMessage;
  onReload: () => void;
  onUnmute: (target: UnmuteTarget) => void;
  onMuted: () => void;
  onDismissUnmuteMessage: () => void;
  onDetectorChange: (detector: string | undefined) => void;
  onSearchChange: (search: string) => void;
}

export function AlertsView({
  loading,
  alerts,
  silences,
  storedDetectorIds,
  detector,
  search,
  prometheusUid,
  readAt,
  remediations,
  error,
  unmuteMessage,
  onReload,
  onUnmute,
  onMuted,
  onDismissUnmuteMessage,
  onDetectorChange,
  onSearchChange,
}: AlertsViewProps) {
  const styles = useStyles2(getStyles);
  const [muting, setMuting] = useState<LabelMatcher[] | undefined>();
  if (loading) {
    return <LoadingPlaceholder text="Loading alerts…" />;
  }
  const ofDetector = detector ? alerts.filter((alert) => alert.labels[DETECTOR_LABEL] === detector) : alerts;
  const groups = groupAlertsByDetector(filterAlerts(ofDetector, search));
  return (
    <div data-testid={testIds.alerts.page}>
      <Stack justifyContent="space-between" alignItems="center">
        <div className={styles.search}>
          <FilterInput
            placeholder="Search labels, summary, description, state"
            value={search}
            onChange={onSearchChange}
            escapeRegex={false}
            data-testid={testIds.alerts.search}
          />
        </div>
        {detector && (
          <span>
            Detector <code>{detector}</code>{' '}
            <Button size="sm" variant="secondary" fill="text" icon="times" onClick={() => onDetectorChange(undefined)}>
              Show all
            </Button>
          </span>
        )}
        <Button icon="sync" variant="secondary" onClick={onReload}>
          Refresh
        </Button>
      </Stack>
      {unmuteMessage && (
        <Alert
          title={unmuteMessage.severity === 'error' ? 'Unmute failed' : 'Unmuted'}
          severity={unmuteMessage.severity}
          onRemove={onDismissUnmuteMessage}
          data-testid={testIds.alerts.unmuteMessage}
        >
          {unmuteMessage.text}
        </Alert>
      )}
      {error && (
        <Alert title="Alertmanager request failed" severity="error" data-testid={testIds.alerts.error}>
          {error}
        </Alert>
      )}
      {groups.length === 0 && !error && (
        <div data-testid={testIds.alerts.empty}>
          <EmptyState variant="completed" message={search ? 'No alerts match the search' : 'No anomaly alerts'}>
            {search
              ? `None of the ${ofDetector.length} alerts matches "${search}".`
              : `Alertmanager holds no VigilAnomaly alerts${detector ? ` for ${detector}` : ''} right now.`}
          </EmptyState>
        </div>
      )}
      {groups.length > 0 && (
        <div className={styles.alerts}>
          <AlertsTable
            groups={groups}
            silences={silences}
            storedDetectorIds={storedDetectorIds}
            prometheusUid={prometheusUid}
            readAt={readAt}
            remediations={remediations}
            onMute={setMuting}
            onUnmute={onUnmute}
          />
        </div>
      )}
      {!error && <SilencesTable silences={silences.filter(isVigilSilence)} onUnmute={onUnmute} />}
      {muting && <MuteDialog matchers={muting} onDismiss={() => setMuting(undefined)} onMuted={onMuted} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  search: css({ flex: 1, maxWidth: 480 }),
  alerts: css({ marginTop: theme.spacing(2) }),
});
