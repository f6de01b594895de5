import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, LinkButton, LoadingPlaceholder, Stack, Switch, TextLink, useStyles2 } from '@grafana/ui';
import type { DetectorRun } from '../../utils/api/lastRuns';
import type { StoredDetector } from '../../utils/storedDetectors';
import { detectorEditorUrl, newDetectorUrl, prefixRoute } from '../../utils/utils.routing';
import { ROUTES } from '../../constants';
import { testIds } from '../testIds';
import { dataTableStyle } from '../dataTableStyle';
import { detectorStatus, type DetectorActivity } from './detectorStatus';
import { GettingStarted } from './GettingStarted';

export interface DetectorsTableProps {
  loading: boolean;
  detectors: StoredDetector[];
  /** Detector id -> its alerts in Alertmanager; undefined while unknown. */
  activity?: Record<string, DetectorActivity>;
  /** Detector id -> its last run and last successful run, from the run metrics; undefined while unknown. */
  lastRuns?: Record<string, DetectorRun>;
  /** When the run metrics were read (ms): the "now" a last run's age is measured against. */
  lastRunsReadAt?: number;
  error?: string;
  activityError?: string;
  lastRunsError?: string;
  onToggle: (id: string, enabled: boolean) => void;
}

export function DetectorsTable({
  loading,
  detectors,
  activity,
  lastRuns,
  lastRunsReadAt = 0,
  error,
  activityError,
  lastRunsError,
  onToggle,
}: DetectorsTableProps) {
  const styles = useStyles2(getStyles);
  if (loading) {
    return <LoadingPlaceholder text="Loading detectors…" />;
  }
  return (
    <div data-testid={testIds.detectors.page}>
      <Stack justifyContent="flex-end">
        <LinkButton icon="plus" href={newDetectorUrl()} data-testid={testIds.detectors.newDetector}>
          New detector
        </LinkButton>
      </Stack>
      {error && (
        <Alert title="Could not load or save the detectors" severity="error">
          {error}
        </Alert>
      )}
      {activityError && (
        <Alert title="Alert activity unavailable" severity="warning">
          {activityError}
        </Alert>
      )}
      {lastRunsError && (
        <Alert title="Run metrics unavailable: cannot tell which detectors are deployed" severity="warning">
          {lastRunsError}
        </Alert>
      )}
      {detectors.length === 0 ? (
        <GettingStarted />
      ) : (
        <table className={styles.table} data-testid={testIds.detectors.table}>
          <thead>
            <tr>
              <th scope="col">Enabled</th>
              <th scope="col">Detector</th>
              <th scope="col">Query</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Last run</th>
              <th scope="col">Last anomaly alert</th>
            </tr>
          </thead>
          <tbody>
            {detectors.map((detector) => {
              const seen = activity ? (activity[detector.id] ?? null) : undefined;
              const lastRun = lastRuns ? (lastRuns[detector.id] ?? null) : undefined;
              const status = detectorStatus(detector, seen, lastRun, lastRunsReadAt);
              return (
                <tr
                  key={detector.id}
                  data-testid={testIds.detectors.row}
                  data-detector-id={detector.id}
                  data-status={status.kind}
                  data-last-run={lastRun?.finishedMs ?? ''}
                >
                  <td>
                    <Switch
                      value={detector.spec?.enabled ?? false}
                      disabled={!detector.spec}
                      label={`Enable ${detector.spec?.name ?? detector.id}`}
                      aria-label={`Enable ${detector.spec?.name ?? detector.id}`}
                      onChange={(event) => onToggle(detector.id, event.currentTarget.checked)}
                      data-testid={testIds.detectors.enabledToggle}
                    />
                  </td>
                  <td>
                    <TextLink href={detectorEditorUrl(detector.id)} inline={false}>
                      {detector.spec?.name ?? detector.id}
                    </TextLink>
                    <div className={styles.secondary}>{detector.id}</div>
                  </td>
                  <td>
                    <code className={styles.query}>{detector.spec?.query ?? '-'}</code>
                  </td>
                  <td>
                    {detector.spec ? `${detector.spec.model.kind}, sensitivity ${detector.spec.sensitivity}` : '-'}
                  </td>
                  <td data-testid={testIds.detectors.status}>
                    <Badge color={status.color} icon={status.icon} text={status.text} tooltip={status.tooltip} />
                  </td>
                  <td data-testid={testIds.detectors.lastRun}>
                    {lastRun ? (
                      <span title={dateTimeFormat(lastRun.finishedMs)}>
                        {dateTimeFormatTimeAgo(lastRun.finishedMs)}
                      </span>
                    ) : (
                      <span className={styles.secondary}>{lastRun === null ? 'never' : '-'}</span>
                    )}
                  </td>
                  <td data-testid={testIds.detectors.lastAlert}>
                    {seen?.lastStartsAt ? (
                      <TextLink
                        href={`${prefixRoute(ROUTES.Alerts)}?detector=${encodeURIComponent(detector.id)}`}
                        inline={false}
                      >
                        {dateTimeFormatTimeAgo(seen.lastStartsAt)}
                      </TextLink>
                    ) : (
                      <span className={styles.secondary} title={activityError}>
                        {seen === null ? 'none active' : activityError ? 'unknown' : '-'}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ ...dataTableStyle(theme), marginTop: theme.spacing(2) }),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  query: css({ wordBreak: 'break-all' }),
});
