import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { EmptyState, TextLink, useStyles2 } from '@grafana/ui';
import { DEMO_DASHBOARD_URL, NEW_DASHBOARD_URL } from '../../utils/utils.routing';
import { testIds } from '../testIds';

/** What an empty app shows: the ways to a first detector. */
export function GettingStarted() {
  const styles = useStyles2(getStyles);
  return (
    <div data-testid={testIds.detectors.empty}>
      <EmptyState variant="call-to-action" message="No detectors yet: where to start">
        <ol className={styles.steps}>
          <li>
            <TextLink href={NEW_DASHBOARD_URL} inline data-testid={testIds.detectors.startPanel}>
              Add the Vigil anomaly panel to a dashboard
            </TextLink>{' '}
            over any Prometheus query: it scores every series in your browser and draws the expected band and the
            anomalies. Its <em>Create detector</em> button opens the editor with the query filled in.
          </li>
          <li>
            See it on demo data: the{' '}
            <TextLink href={DEMO_DASHBOARD_URL} inline data-testid={testIds.detectors.startDemo}>
              Vigil demo dashboard
            </TextLink>{' '}
            (provisioned by the repository&apos;s <code>docker compose</code> setup), or run <code>vigil demo</code> (
            <code>npm run demo</code> in a checkout) for a report without Prometheus.
          </li>
          <li>Design a detector here, preview what it would have alerted on, then export it for the CronJob.</li>
        </ol>
      </EmptyState>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  steps: css({ textAlign: 'left', maxWidth: 640, margin: theme.spacing(0, 'auto', 2), paddingLeft: theme.spacing(3) }),
});
