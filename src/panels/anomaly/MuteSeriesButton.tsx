import React from 'react';
import { Button } from '@grafana/ui';
import { testIds } from '../../components/testIds';

export interface MuteSeriesButtonProps {
  labels: Record<string, string>;
  onMute: (labels: Record<string, string>) => void;
  fill?: React.ComponentProps<typeof Button>['fill'];
}

/** Asks to mute one series' alerts: in the panel's header when it shows one series, and in a pinned tooltip. */
export function MuteSeriesButton({ labels, onMute, fill }: MuteSeriesButtonProps) {
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
