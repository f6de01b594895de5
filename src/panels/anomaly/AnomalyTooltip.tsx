import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import type { SeriesScore } from '../../worker/detectorService';
import { testIds } from '../../components/testIds';
import { MuteSeriesButton } from './MuteSeriesButton';

export interface AnomalyTooltipProps {
  result: SeriesScore;
  name: string;
  row: number;
  color: string;
  timeZone: TimeZone;
  isPinned: boolean;
  onMute?: (labels: Record<string, string>) => void;
}

/** What the engine says about one point: value, expected band, score, and why it is anomalous. */
export function AnomalyTooltip({ result, name, row, color, timeZone, isPinned, onMute }: AnomalyTooltipProps) {
  const styles = useStyles2(getStyles);
  const { result: detection, labels } = result;
  const anomalous = detection.anomalies[row] === 1;
  const explanation = detection.explanations[row];
  return (
    <div className={styles.tooltip} data-testid={testIds.panel.tooltip}>
      <div className={styles.time}>{dateTimeFormat(detection.timestamps[row], { timeZone })}</div>
      <div className={styles.name}>
        <span className={styles.swatch} style={{ background: color }} />
        {name}
      </div>
      <dl className={styles.grid}>
        <dt>Value</dt>
        <dd>{formatNumber(detection.values[row])}</dd>
        <dt>Expected</dt>
        <dd>
          {Number.isFinite(detection.expected[row])
            ? `${formatNumber(detection.expected[row])} (${formatNumber(detection.lower[row])} to ${formatNumber(detection.upper[row])})`
            : 'no expected value'}
        </dd>
        <dt>Score</dt>
        <dd>
          {detection.scores[row].toFixed(3)} (threshold {detection.threshold.toFixed(3)})
        </dd>
      </dl>
      {anomalous && (
        <div className={styles.why} data-testid={testIds.panel.explanation}>
          <strong>Anomalous: </strong>
          {explanation ?? 'score above the threshold'}
        </div>
      )}
      {isPinned && onMute && <MuteSeriesButton labels={labels} onMute={onMute} />}
    </div>
  );
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return '-';
  }
  return Math.abs(value) >= 1000 || Number.isInteger(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : value.toPrecision(4);
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    padding: theme.spacing(1),
    maxWidth: 420,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
  }),
  time: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  name: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium,
    wordBreak: 'break-all',
  }),
  swatch: css({ width: 12, height: 4, borderRadius: 2, flexShrink: 0 }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  why: css({ color: theme.colors.error.text }),
});
