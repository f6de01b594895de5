import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, TextLink, useStyles2, type BadgeColor } from '@grafana/ui';
import { ALERT_NAME, createMatcher, DETECTOR_LABEL, SEVERITY_LABEL, type LabelMatcher } from '../../alerting';
import type { AlertmanagerAlert, Silence } from '../../clients';
import { detectorEditorUrl, remediationsUrl } from '../../utils/utils.routing';
import { matchersForAlert } from '../MuteDialog/silenceMatchers';
import { testIds } from '../testIds';
import { dataTableStyle } from '../dataTableStyle';
import { detectorPageUrl, exploreUrl } from './alertLinks';
import { distinguishingLabels, type AlertGroup } from './groupAlerts';
import { alertSilences } from './alertSilences';
import { shownState } from './shownState';
import { MutedBy } from './MutedBy';
import { alertUnmuteTarget, type UnmuteTarget } from './unmuteTarget';

const COLUMNS = 7;
const SEVERITY_COLORS: Record<string, BadgeColor> = { critical: 'red', error: 'red', warning: 'orange', info: 'blue' };

export interface AlertsTableProps {
  groups: AlertGroup[];
  /** Every silence not expired: who muted each alert. */
  silences: Silence[];
  /** Detectors the app stores: only those have an editor page to link to. */
  storedDetectorIds: string[];
  prometheusUid: string;
  /** When the alerts were read (ms): Explore's range ends there at the latest. */
  readAt: number;
  /** A remediation receiver is configured: each alert links to its actions on the Remediations page. */
  remediations: boolean;
  onMute: (matchers: LabelMatcher[]) => void;
  onUnmute: (target: UnmuteTarget) => void;
}

/** Every group in one table, so the columns line up across groups; a header row per detector with its mute. */
export function AlertsTable({ groups, storedDetectorIds, ...row }: AlertsTableProps) {
  const styles = useStyles2(getStyles);
  const stored = new Set(storedDetectorIds);
  return (
    <table className={styles.table}>
      <colgroup>
        <col className={styles.state} />
        <col />
        <col className={styles.severity} />
        <col className={styles.since} />
        <col className={styles.text} />
        <col className={styles.links} />
        <col className={styles.actions} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Series</th>
          <th scope="col">Severity</th>
          <th scope="col">Since</th>
          <th scope="col">Summary and description</th>
          <th scope="col">Links</th>
          <th scope="col">
            <span className={styles.hidden}>Actions</span>
          </th>
        </tr>
      </thead>
      {groups.map((group) => (
        <tbody key={group.detector} data-testid={testIds.alerts.group} data-detector={group.detector}>
          <tr className={styles.groupRow}>
            <th scope="colgroup" colSpan={COLUMNS - 1}>
              <span className={styles.groupTitle}>
                {stored.has(group.detector) ? (
                  <TextLink href={detectorEditorUrl(group.detector)} inline={false}>
                    {group.detector}
                  </TextLink>
                ) : (
                  <span title="Not stored in the app (e.g. defined only in the CLI's config): no editor page">
                    {group.detector} <span className={styles.secondary}>(not in the app)</span>
                  </span>
                )}
                <span className={styles.secondary}>
                  {group.active} active, {group.suppressed} muted
                </span>
              </span>
            </th>
            <td>
              <Button
                size="sm"
                variant="secondary"
                icon="bell-slash"
                onClick={() => row.onMute(detectorMatchers(group.detector))}
                data-testid={testIds.alerts.muteGroup}
              >
                Mute detector
              </Button>
            </td>
          </tr>
          {group.alerts.map((alert) => (
            <AlertRow key={alert.fingerprint} alert={alert} detectorStored={stored.has(group.detector)} {...row} />
          ))}
        </tbody>
      ))}
    </table>
  );
}

type AlertRowProps = Omit<AlertsTableProps, 'groups' | 'storedDetectorIds'> & {
  alert: AlertmanagerAlert;
  /** The app stores the alert's detector: its page exists. */
  detectorStored: boolean;
};

function AlertRow({
  alert,
  detectorStored,
  silences,
  prometheusUid,
  readAt,
  remediations,
  onMute,
  onUnmute,
}: AlertRowProps) {
  const styles = useStyles2(getStyles);
  const suppressed = alert.status.state === 'suppressed';
  const muting = alertSilences(alert, silences);
  const severity = alert.labels[SEVERITY_LABEL];
  const detectorPage = detectorStored ? detectorPageUrl(alert) : undefined;
  return (
    <tr data-testid={testIds.alerts.alert} data-fingerprint={alert.fingerprint}>
      <td>
        <span data-testid={testIds.alerts.state} data-state={alert.status.state}>
          {suppressed ? (
            <Badge color="orange" icon="bell-slash" text={shownState(alert)} />
          ) : (
            <Badge color="red" icon="fire" text={shownState(alert)} />
          )}
        </span>
      </td>
      <td>
        <div className={styles.labels}>
          {distinguishingLabels(alert).map(([name, value]) => (
            <code key={name}>
              {name}=&quot;{value}&quot;
            </code>
          ))}
        </div>
      </td>
      <td data-testid={testIds.alerts.severity}>
        {severity ? <Badge color={SEVERITY_COLORS[severity] ?? 'darkgrey'} text={severity} /> : '-'}
      </td>
      <td title={dateTimeFormat(alert.startsAt)}>{dateTimeFormatTimeAgo(alert.startsAt)}</td>
      <td data-testid={testIds.alerts.description}>
        <div>{alert.annotations.summary ?? ''}</div>
        {alert.annotations.description && <div className={styles.secondary}>{alert.annotations.description}</div>}
        {suppressed && <MutedBy alert={alert} muting={muting} />}
      </td>
      <td>
        <div className={styles.labels}>
          {detectorPage && (
            <TextLink
              href={detectorPage}
              external={!isThisGrafana(detectorPage)}
              inline={false}
              data-testid={testIds.alerts.detectorLink}
            >
              Detector
            </TextLink>
          )}
          <TextLink
            href={exploreUrl(alert, prometheusUid, readAt)}
            inline={false}
            data-testid={testIds.alerts.exploreLink}
          >
            Explore
          </TextLink>
          {remediations && (
            <TextLink
              href={remediationsUrl(alert.fingerprint)}
              inline={false}
              data-testid={testIds.alerts.remediationsLink}
            >
              Remediations
            </TextLink>
          )}
        </div>
      </td>
      <td>
        {suppressed ? (
          muting.vigil.length > 0 && (
            <Button
              size="sm"
              variant="secondary"
              icon="bell"
              onClick={() => onUnmute(alertUnmuteTarget(alert, muting))}
              tooltip={
                muting.others.length > 0 ? "Expires Vigil's silence only: the other silence keeps it muted" : undefined
              }
              data-testid={testIds.alerts.unmute}
            >
              Unmute
            </Button>
          )
        ) : (
          <Button
            size="sm"
            variant="secondary"
            icon="bell-slash"
            onClick={() => onMute(matchersForAlert(alert.labels))}
            data-testid={testIds.alerts.mute}
          >
            Mute
          </Button>
        )}
      </td>
    </tr>
  );
}

/** Matchers that silence every anomaly alert of one detector. */
function detectorMatchers(detector: string): LabelMatcher[] {
  return [createMatcher('alertname', '=', ALERT_NAME), createMatcher(DETECTOR_LABEL, '=', detector)];
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ ...dataTableStyle(theme), tableLayout: 'fixed' }),
  state: css({ width: 110 }),
  severity: css({ width: 100 }),
  since: css({ width: 130 }),
  text: css({ width: '30%' }),
  links: css({ width: 160 }),
  actions: css({ width: 150 }),
  groupRow: css({ background: theme.colors.background.secondary, th: { textAlign: 'left' } }),
  groupTitle: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    fontSize: theme.typography.h5.fontSize,
  }),
  secondary: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: 'normal',
  }),
  labels: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), wordBreak: 'break-all' }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});

/** A link within this Grafana (a path, or this origin's URL, as `grafana_url` writes it) opens in place. */
function isThisGrafana(url: string): boolean {
  return url.startsWith('/') || url.startsWith(`${window.location.origin}/`);
}
