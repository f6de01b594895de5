import React from 'react';
import { render as renderInPage, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { testIds } from '../testIds';
import { DetectorsTable, type DetectorsTableProps } from './DetectorsTable';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const spec = parseDetectorSpec({ id: 'rps', name: 'RPS', query: 'up', datasourceUid: 'prometheus' }, 'detector');
const props: DetectorsTableProps = {
  loading: false,
  detectors: [{ id: 'rps', spec }],
  activity: {},
  lastRuns: { rps: { finishedMs: NOW - 60_000, succeeded: true, succeededMs: NOW - 60_000 } },
  lastRunsReadAt: NOW,
  onToggle: () => {},
};

/** The table's links need the router Grafana renders app pages in. */
const render = (element: React.ReactElement) => renderInPage(<MemoryRouter>{element}</MemoryRouter>);

describe('DetectorsTable', () => {
  it('says "none active" and OK when Alertmanager has no alerts for a detector that ran', () => {
    render(<DetectorsTable {...props} />);
    expect(screen.getByTestId(testIds.detectors.lastAlert)).toHaveTextContent('none active');
    expect(screen.getByTestId(testIds.detectors.row)).toHaveAttribute('data-status', 'ok');
  });

  it('says the last alert and the status are unknown when the alerts could not be read', () => {
    render(<DetectorsTable {...props} activity={undefined} activityError="Alertmanager answered 404" />);
    expect(screen.getByTestId(testIds.detectors.lastAlert)).toHaveTextContent('unknown');
    expect(screen.getByTestId(testIds.detectors.row)).toHaveAttribute('data-status', 'unknown');
  });

  it('claims no deployment state when the run metrics could not be read', () => {
    render(<DetectorsTable {...props} lastRuns={undefined} lastRunsError="Prometheus timed out" />);
    expect(screen.getByTestId(testIds.detectors.status)).toHaveTextContent('Unknown');
    expect(screen.getByTestId(testIds.detectors.lastRun)).toHaveTextContent('-');
  });
});
