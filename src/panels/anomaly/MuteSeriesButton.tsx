import React, { useContext } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Button, Icon } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { seriesKey } from '../../engine/series';
import { MutedSeriesContext } from './mutedSeries';

export interface MuteSeriesButtonProps {
  labels: Record<string, string>;
  onMute: (labels: Record<string, string>) => void;
  fill?: React.ComponentProps<typeof Button>['fill'];
}

/**
 * Asks to mute one series' alerts: in the panel's header when it shows one series, and in a pinned tooltip. Once
 * muted, from the panel or by a silence in Alertmanager that covers the series, it says until when instead. Where
 * silences cover only some detectors' alerts of the series (the Alerts page mutes one detector), it says which,
 * beside the button: the others still alert.
 */
export function MuteSeriesButton({ labels, onMute, fill }: MuteSeriesButtonProps) {
  const mute = useContext(MutedSeriesContext)[seriesKey(labels)];
  if (mute?.until !== undefined) {
    return (
      <span data-testid={testIds.panel.seriesMuted}>
        <Icon name="bell-slash" size="sm" /> Muted until {dateTimeFormat(mute.until)}
      </span>
    );
  }
  const byDetector = Object.entries(mute?.detectors ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      {byDetector.length > 0 && (
        <span data-testid={testIds.panel.seriesMutedFor}>
          <Icon name="bell-slash" size="sm" /> Muted for{' '}
          {byDetector.map(([detector, until]) => `${detector} until ${dateTimeFormat(until)}`).join(', ')}
        </span>
      )}
      <Button
        size="sm"
        variant="secondary"
        fill={fill}
        icon="bell-slash"
        onClick={() => onMute(labels)}
        data-testid={testIds.panel.muteSeries}
      >
        Mute this series
      </Button>
    </>
  );
}
