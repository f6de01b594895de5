import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, LinkButton, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';
import { prefixRoute, remediationsUrl } from '../../utils/utils.routing';
import { ROUTES } from '../../constants';
import { dataTableStyle } from '../dataTableStyle';
import { testIds } from '../testIds';
import { OUTCOME_DISPLAY, type RemediationRow } from './remediationRows';

export interface RemediationsViewProps {
  loading: boolean;
  /** No receiver URL in the app's settings: nothing to ask. */
  configured: boolean;
  rows: RemediationRow[];
  /** Showing one alert's actions only (URL: ?fingerprint=). */
  fingerprint?: string;
  error?: string;
  onReload: () => void;
}

/** What `vigil remediate` did (and refused to do) about anomaly alerts, newest first; read-only. */
export function RemediationsView({ loading, configured, rows, fingerprint, error, onReload }: RemediationsViewProps) {
  const styles = useStyles2(getStyles);
  if (loading) {
    return <LoadingPlaceholder text="Loading remediation actions..." />;
  }
  if (!configured) {
    return (
      <div data-testid={testIds.remediations.notConfigured}>
        <Alert severity="info" title="No remediation receiver configured">
          Run <code>vigil remediate</code> beside the CronJob (docs/remediation.md), then set its URL and token on the
          app&apos;s Configuration page. Its actions and refusals are listed here.
        </Alert>
      </div>
    );
  }
  return (
    <div data-testid={testIds.remediations.page}>
      <div className={styles.toolbar}>
        {fingerprint && (
          <span data-testid={testIds.remediations.alertFilter}>
            Actions for alert <code>{fingerprint}</code>{' '}
            <TextLink href={remediationsUrl()} inline>
              show all
            </TextLink>
          </span>
        )}
        <Button icon="sync" variant="secondary" size="sm" onClick={onReload}>
          Reload
        </Button>
      </div>
      {error && (
        <div data-testid={testIds.remediations.error}>
          <Alert severity="error" title="Could not read the remediation receiver">
            {error}
          </Alert>
        </div>
      )}
      {!error && rows.length === 0 && (
        <div data-testid={testIds.remediations.empty} className={styles.empty}>
          {fingerprint ? 'No action was taken for this alert.' : 'No action has been taken yet.'}{' '}
          <LinkButton variant="secondary" size="sm" fill="text" href={prefixRoute(ROUTES.Alerts)}>
            Open alerts
          </LinkButton>
        </div>
      )}
      {rows.length > 0 && (
        <table className={styles.table} data-testid={testIds.remediations.table}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Activity</th>
              <th>Target</th>
              <th>Alert</th>
              <th>Outcome</th>
              <th>Duration</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-testid={testIds.remediations.row}>
                <td title={dateTimeFormat(row.timeMs)}>{dateTimeFormatTimeAgo(row.timeMs)}</td>
                <td>{row.activity}</td>
                <td>
                  <code>{row.target}</code>
                </td>
                <td>
                  <div>{row.detector}</div>
                  <div className={styles.secondary}>{row.series}</div>
                  {!fingerprint && (
                    <TextLink href={remediationsUrl(row.fingerprint)} inline={false}>
                      {row.fingerprint}
                    </TextLink>
                  )}
                </td>
                <td data-testid={testIds.remediations.outcome}>
                  <Badge text={OUTCOME_DISPLAY[row.outcome].text} color={OUTCOME_DISPLAY[row.outcome].color} />
                </td>
                <td>{row.duration}</td>
                <td className={styles.secondary}>{row.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(2),
  }),
  table: css(dataTableStyle(theme)),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  empty: css({ color: theme.colors.text.secondary, padding: theme.spacing(2, 0) }),
});
