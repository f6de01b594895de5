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
 * muted, from the panel or by a silence in Alertmanager that covers the series, it says until when instead.
 */
export function MuteSeriesButton({ labels, onMute, fill }: MuteSeriesButtonProps) {
  const mutedUntil = useContext(MutedSeriesContext)[seriesKey(labels)];
  if (mutedUntil !== undefined) {
    return (
      <span data-testid={testIds.panel.seriesMuted}>
        <Icon name="bell-slash" size="sm" /> Muted until {dateTimeFormat(mutedUntil)}
      </span>
    );
  }
  return (
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
  );
}
