import React, { useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, EmptyState, LoadingPlaceholder, Stack, TextLink, useStyles2 } from '@grafana/ui';
import { formatMatcher, type LabelMatcher } from '../../alerting';
import type { AlertmanagerAlert, Silence } from '../../clients';
import { detectorEditorUrl } from '../../utils/utils.routing';
import { MuteDialog } from '../MuteDialog/MuteDialog';
import { matchersForAlert } from '../MuteDialog/silenceMatchers';
import { testIds } from '../testIds';
import { distinguishingLabels, groupAlertsByDetector } from './groupAlerts';
import { dataTableStyle } from '../dataTableStyle';

export interface AlertsViewProps {
  loading: boolean;
  alerts: AlertmanagerAlert[];
  silences: Silence[];
  detector?: string;
  error?: string;
  onReload: () => void;
  onUnmute: (silenceIds: string[]) => void;
  onDetectorChange: (detector: string | undefined) => void;
}

export function AlertsView({
  loading,
  alerts,
  silences,
  detector,
  error,
  onReload,
  onUnmute,
  onDetectorChange,
}: AlertsViewProps) {
  const styles = useStyles2(getStyles);
  const [muting, setMuting] = useState<LabelMatcher[] | undefined>();
  if (loading) {
    return <LoadingPlaceholder text="Loading alerts…" />;
  }
  const shown = detector ? alerts.filter((alert) => alert.labels.vigil_detector === detector) : alerts;
  const groups = groupAlertsByDetector(shown);
  return (
    <div data-testid={testIds.alerts.page}>
      <Stack justifyContent="space-between" alignItems="center">
        <div>
          {detector && (
            <span>
              Detector <code>{detector}</code>{' '}
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                icon="times"
                onClick={() => onDetectorChange(undefined)}
              >
                Show all
              </Button>
            </span>
          )}
        </div>
        <Button icon="sync" variant="secondary" onClick={onReload}>
          Refresh
        </Button>
      </Stack>
      {error && (
        <Alert title="Alertmanager request failed" severity="error" data-testid={testIds.alerts.error}>
          {error}
        </Alert>
      )}
      {groups.length === 0 && !error && (
        <div data-testid={testIds.alerts.empty}>
          <EmptyState variant="completed" message="No anomaly alerts">
            Alertmanager holds no VigilAnomaly alerts{detector ? ` for ${detector}` : ''} right now.
          </EmptyState>
        </div>
      )}
      {groups.map((group) => (
        <section
          key={group.detector}
          className={styles.group}
          data-testid={testIds.alerts.group}
          data-detector={group.detector}
        >
          <h3 className={styles.groupTitle}>
            <TextLink href={detectorEditorUrl(group.detector)} inline={false}>
              {group.detector}
            </TextLink>
            <span className={styles.counts}>
              {group.active} active, {group.suppressed} muted
            </span>
          </h3>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Series</th>
                <th scope="col">Since</th>
                <th scope="col">Summary</th>
                <th scope="col">
                  <span className={styles.hidden}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {group.alerts.map((alert) => {
                const suppressed = alert.status.state === 'suppressed';
                return (
                  <tr key={alert.fingerprint} data-testid={testIds.alerts.alert} data-fingerprint={alert.fingerprint}>
                    <td>
                      <span data-testid={testIds.alerts.state} data-state={alert.status.state}>
                        {suppressed ? (
                          <Badge color="orange" icon="bell-slash" text="Muted" />
                        ) : (
                          <Badge color="red" icon="fire" text="Active" />
                        )}
                      </span>
                    </td>
                    <td className={styles.labels}>
                      {distinguishingLabels(alert).map(([name, value]) => (
                        <code key={name}>
                          {name}=&quot;{value}&quot;
                        </code>
                      ))}
                      {alert.generatorURL && (
                        <TextLink
                          href={alert.generatorURL}
                          external={!alert.generatorURL.startsWith('/')}
                          inline={false}
                        >
                          Open series
                        </TextLink>
                      )}
                    </td>
                    <td title={dateTimeFormat(alert.startsAt)}>{dateTimeFormatTimeAgo(alert.startsAt)}</td>
                    <td>{alert.annotations.summary ?? ''}</td>
                    <td>
                      {suppressed ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          icon="bell"
                          onClick={() => onUnmute(alert.status.silencedBy ?? [])}
                          data-testid={testIds.alerts.unmute}
                        >
                          Unmute
                        </Button>
                      ) : (
                        <Button
                          size="sm"
                          variant="secondary"
                          icon="bell-slash"
                          onClick={() => setMuting(matchersForAlert(alert.labels))}
                          data-testid={testIds.alerts.mute}
                        >
                          Mute
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
      <section className={styles.group} data-testid={testIds.alerts.silences}>
        <h3 className={styles.groupTitle}>Vigil&apos;s silences</h3>
        {silences.length === 0 ? (
          <p className={styles.counts}>No active silences created from Vigil.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Matchers</th>
                <th scope="col">Ends</th>
                <th scope="col">Comment</th>
                <th scope="col">
                  <span className={styles.hidden}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {silences.map((silence) => (
                <tr key={silence.id} data-testid={testIds.alerts.silence} data-silence-id={silence.id}>
                  <td className={styles.labels}>
                    {silence.matchers.map((matcher) => (
                      <code key={formatMatcher({ ...matcher })}>{formatMatcher({ ...matcher })}</code>
                    ))}
                  </td>
                  <td>{dateTimeFormat(silence.endsAt)}</td>
                  <td>{silence.comment}</td>
                  <td>
                    <Button size="sm" variant="secondary" icon="bell" onClick={() => onUnmute([silence.id])}>
                      Unmute
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {muting && <MuteDialog matchers={muting} onDismiss={() => setMuting(undefined)} onMuted={onReload} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  group: css({ marginTop: theme.spacing(3) }),
  groupTitle: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2) }),
  counts: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: 'normal',
  }),
  table: css(dataTableStyle(theme)),
  labels: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
