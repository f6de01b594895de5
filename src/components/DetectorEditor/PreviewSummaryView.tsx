import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { PreviewSummary } from '../../worker/previewSummary';
import { testIds } from '../testIds';
import { plural, previewRangeText } from './previewWording';

export interface PreviewSummaryViewProps {
  summary: PreviewSummary;
  /** Days the preview asked Prometheus for. */
  askedDays: number;
  /** The end of the range as the user set it; undefined for now. */
  endLabel?: string;
}

/** "Over the last 7 days (2 series), this detector would have sent X alerts/week, with Y flaps; …" */
export function PreviewSummaryView({ summary, askedDays, endLabel }: PreviewSummaryViewProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.summary} data-testid={testIds.editor.previewSummary}>
      <p className={styles.sentence}>
        {previewRangeText(summary.days, askedDays, endLabel)} ({summary.series} series), this detector would have sent{' '}
        <strong data-testid={testIds.editor.alertsPerWeek} data-value={summary.alertsPerWeek}>
          {formatRate(summary.alertsPerWeek)}
        </strong>{' '}
        alerts/week, with{' '}
        <strong data-testid={testIds.editor.flaps} data-value={summary.flaps}>
          {plural(summary.flaps, 'flap')}
        </strong>{' '}
        (an alert&apos;s points going normal and anomalous again before it ended); median time to detect:{' '}
        <strong data-testid={testIds.editor.timeToDetect} data-value={summary.medianTimeToDetectMs ?? ''}>
          {summary.medianTimeToDetectMs === null
            ? 'n/a (no labelled anomalies)'
            : formatDelay(summary.medianTimeToDetectMs)}
        </strong>
        .
      </p>
      <p className={styles.detail}>
        {plural(summary.alerts, 'alert')} in total, {plural(summary.anomalousPoints, 'anomalous point')} out of{' '}
        {summary.points}.
      </p>
      {summary.unscoredSeries > 0 && (
        <p className={styles.detail} data-testid={testIds.editor.previewUnscored} data-value={summary.unscoredSeries}>
          {summary.unscoredSeries} of {plural(summary.series, 'series', 'series')}{' '}
          {summary.unscoredSeries === 1 ? 'has' : 'have'} too little history to score (every point is still the
          model&apos;s warm-up): they send no alerts here, whatever they do. Ask for more days to score them.
        </p>
      )}
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
