import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { PreviewSummary } from '../../worker/previewSummary';
import { testIds } from '../testIds';

/** "This detector would have sent X alerts/week, Y flaps, median time to detect Z." */
export function PreviewSummaryView({ summary, days }: { summary: PreviewSummary; days: number }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.summary}>
      <p className={styles.sentence}>
        Over the last {days} day{days === 1 ? '' : 's'} ({summary.series} series), this detector would have sent{' '}
        <strong data-testid={testIds.editor.alertsPerWeek} data-value={summary.alertsPerWeek}>
          {formatRate(summary.alertsPerWeek)}
        </strong>{' '}
        alerts/week, with{' '}
        <strong data-testid={testIds.editor.flaps} data-value={summary.flaps}>
          {summary.flaps}
        </strong>{' '}
        flaps (on/off changes); median time to detect:{' '}
        <strong data-testid={testIds.editor.timeToDetect} data-value={summary.medianTimeToDetectMs ?? ''}>
          {summary.medianTimeToDetectMs === null
            ? 'n/a (no labelled anomalies)'
            : formatDelay(summary.medianTimeToDetectMs)}
        </strong>
        .
      </p>
      <p className={styles.detail}>
        {summary.alerts} alerts in total, {summary.anomalousPoints} anomalous points out of {summary.points}.
      </p>
    </div>
  );
}

function formatRate(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function formatDelay(ms: number): string {
  if (ms < 60_000) {
    return `${Math.round(ms / 1000)} s`;
  }
  if (ms < 3_600_000) {
    return `${Math.round(ms / 60_000)} min`;
  }
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({ margin: theme.spacing(1, 0) }),
  sentence: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(0.5) }),
  detail: css({ color: theme.colors.text.secondary }),
});
