import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import { formatMatcher } from '../../alerting';
import type { Silence } from '../../clients';
import { testIds } from '../testIds';
import { dataTableStyle } from '../dataTableStyle';
import { silenceUnmuteTarget, type UnmuteTarget } from './unmuteTarget';

/** Vigil's active silences, each with its matchers and an Unmute that expires it. */
export function SilencesTable({
  silences,
  onUnmute,
}: {
  silences: Silence[];
  onUnmute: (target: UnmuteTarget) => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} data-testid={testIds.alerts.silences}>
      <h3>Vigil&apos;s silences</h3>
      {silences.length === 0 ? (
        <p className={styles.secondary}>No active silences created from Vigil.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Matchers</th>
              <th scope="col">Ends</th>
              <th scope="col">Comment</th>
              <th scope="col">
                <span className={styles.hidden}>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {silences.map((silence) => (
              <tr key={silence.id} data-testid={testIds.alerts.silence} data-silence-id={silence.id}>
                <td>
                  <div className={styles.labels}>
                    {silence.matchers.map((matcher) => (
                      <code key={formatMatcher({ ...matcher })}>{formatMatcher({ ...matcher })}</code>
                    ))}
                  </div>
                </td>
                <td>{dateTimeFormat(silence.endsAt)}</td>
                <td>{silence.comment}</td>
                <td>
                  <Button
                    size="sm"
                    variant="secondary"
                    icon="bell"
                    onClick={() => onUnmute(silenceUnmuteTarget(silence))}
                  >
                    Unmute
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginTop: theme.spacing(3) }),
  table: css(dataTableStyle(theme)),
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  labels: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
