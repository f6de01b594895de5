import React from 'react';
import { render, screen } from '@testing-library/react';
import type { PreviewSummary } from '../../worker/previewSummary';
import { testIds } from '../testIds';
import { PreviewSummaryView } from './PreviewSummaryView';

const summary: PreviewSummary = {
  series: 2,
  unscoredSeries: 0,
  points: 720,
  anomalousPoints: 1,
  alerts: 1,
  alertsPerWeek: 28,
  flaps: 0,
  days: 0.25,
  medianTimeToDetectMs: null,
  labelledWindows: 0,
  detectedWindows: 0,
};

describe('PreviewSummaryView', () => {
  it('states the span the figures are over, the end set, and counts in the singular', () => {
    render(<PreviewSummaryView summary={summary} askedDays={7} endLabel="2026-01-12T00:00:00Z" />);
    const text = screen.getByTestId(testIds.editor.previewSummary).textContent;
    expect(text).toContain(
      'Over the 6 h of data found in the 7 days asked for ending 2026-01-12T00:00:00Z (2 series), this detector would ' +
        'have sent 28 alerts/week, with 0 flaps'
    );
    expect(text).toContain('1 alert in total, 1 anomalous point out of 720.');
    expect(screen.queryByTestId(testIds.editor.previewUnscored)).toBeNull();
  });

  it('says how many series had too little history to score', () => {
    render(<PreviewSummaryView summary={{ ...summary, series: 300, unscoredSeries: 300 }} askedDays={7} />);
    expect(screen.getByTestId(testIds.editor.previewUnscored)).toHaveTextContent(
      '300 of 300 series have too little history to score'
    );
  });
});
