import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  EmptyState,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  Switch,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import type { StoredDetector } from '../../utils/storedDetectors';
import { detectorEditorUrl, newDetectorUrl, prefixRoute } from '../../utils/utils.routing';
import { ROUTES } from '../../constants';
import { testIds } from '../testIds';
import { dataTableStyle } from '../dataTableStyle';

export interface DetectorActivity {
  firing: number;
  suppressed: number;
  lastStartsAt: string | undefined;
}

export interface DetectorsTableProps {
  loading: boolean;
  detectors: StoredDetector[];
  activity: Record<string, DetectorActivity>;
  error?: string;
  activityError?: string;
  onToggle: (id: string, enabled: boolean) => void;
}

export function DetectorsTable({ loading, detectors, activity, error, activityError, onToggle }: DetectorsTableProps) {
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
      {detectors.length === 0 ? (
        <div data-testid={testIds.detectors.empty}>
          <EmptyState variant="call-to-action" message="No detectors yet">
            Design a detector over a Prometheus query, preview what it would have alerted on, then save it here and
            export it for the CronJob.
          </EmptyState>
        </div>
      ) : (
        <table className={styles.table} data-testid={testIds.detectors.table}>
          <thead>
            <tr>
              <th scope="col">Enabled</th>
              <th scope="col">Detector</th>
              <th scope="col">Query</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Last anomaly alert</th>
            </tr>
          </thead>
          <tbody>
            {detectors.map((detector) => {
              const seen = activity[detector.id];
              return (
                <tr key={detector.id} data-testid={testIds.detectors.row} data-detector-id={detector.id}>
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
                  <td>
                    <DetectorStatus detector={detector} activity={seen} />
                  </td>
                  <td>
                    {seen?.lastStartsAt ? (
                      <TextLink
                        href={`${prefixRoute(ROUTES.Alerts)}?detector=${encodeURIComponent(detector.id)}`}
                        inline={false}
                      >
                        {dateTimeFormatTimeAgo(seen.lastStartsAt)}
                      </TextLink>
                    ) : (
                      <span className={styles.secondary}>none active</span>
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

function DetectorStatus({ detector, activity }: { detector: StoredDetector; activity?: DetectorActivity }) {
  if (!detector.spec) {
    return <Badge color="red" icon="exclamation-triangle" text="Invalid" tooltip={detector.error} />;
  }
  if (!detector.spec.enabled) {
    return <Badge color="darkgrey" text="Disabled" />;
  }
  if (activity && activity.firing > 0) {
    return (
      <Badge
        color="red"
        icon="fire"
        text={`${activity.firing} firing${activity.suppressed ? `, ${activity.suppressed} muted` : ''}`}
      />
    );
  }
  if (activity && activity.suppressed > 0) {
    return <Badge color="orange" icon="bell-slash" text={`${activity.suppressed} muted`} />;
  }
  return <Badge color="green" icon="check" text="OK" />;
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ ...dataTableStyle(theme), marginTop: theme.spacing(2) }),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  query: css({ wordBreak: 'break-all' }),
});
