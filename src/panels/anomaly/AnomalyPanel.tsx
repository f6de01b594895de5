import React from 'react';
import type { PanelProps } from '@grafana/data';

export function AnomalyPanel({ data, width, height }: PanelProps) {
  const seriesCount = data.series.length;
  return (
    <div style={{ width, height }} data-testid="vigil-anomaly-panel">
      {seriesCount === 0 ? 'No data' : `${seriesCount} series`}
    </div>
  );
}
