import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { testIds } from '../testIds';
import { AlertsTable } from './AlertsTable';
import { alertmanagerAlert } from './alertTestData';
import { groupAlertsByDetector } from './groupAlerts';

const alert = (detector: string, instance: string) =>
  alertmanagerAlert(
    { alertname: 'VigilAnomaly', vigil_detector: detector, instance },
    { vigil_url: `/a/vigil-anomaly-app/detectors/${detector}` }
  );

describe('AlertsTable', () => {
  it("links an alert to its detector's page only when the app stores that detector", () => {
    render(
      <MemoryRouter>
        <AlertsTable
          groups={groupAlertsByDetector([alert('stored', 'web-1'), alert('cli-only', 'web-2')])}
          silences={[]}
          storedDetectorIds={['stored']}
          prometheusUid="prom"
          readAt={Date.parse('2026-12-08T00:00:00Z')}
          remediations={false}
          onMute={jest.fn()}
          onUnmute={jest.fn()}
        />
      </MemoryRouter>
    );
    const rows = screen.getAllByTestId(testIds.alerts.alert);
    const rowOf = (instance: string) => rows.find((row) => row.textContent?.includes(instance))!;
    expect(within(rowOf('web-1')).getByTestId(testIds.alerts.detectorLink)).toHaveAttribute(
      'href',
      '/a/vigil-anomaly-app/detectors/stored'
    );
    expect(within(rowOf('web-2')).queryByTestId(testIds.alerts.detectorLink)).toBeNull();
  });
});
