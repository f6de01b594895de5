import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { AlertmanagerAlert } from '../../clients';
import { testIds } from '../testIds';
import type { AlertSilences } from './alertSilences';
import { describeSilence } from './unmuteTarget';

/** Who muted a muted alert, until when and why; Unmute applies only to Vigil's silences. */
export function MutedBy({ alert, muting }: { alert: AlertmanagerAlert; muting: AlertSilences }) {
  const styles = useStyles2(getStyles);
  const lines = [...muting.vigil, ...muting.others].map((silence) => `Muted by ${describeSilence(silence)}`);
  lines.push(...muting.unknownIds.map((id) => `Muted by silence ${id}, made after the list was read: Refresh`));
  if (lines.length === 0 && (alert.status.inhibitedBy ?? []).length > 0) {
    lines.push('Inhibited by another alert (an Alertmanager inhibition rule)');
  }
  return (
    <>
      {lines.map((line) => (
        <div key={line} className={styles.secondary} data-testid={testIds.alerts.mutedBy}>
          {line}
        </div>
      ))}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  secondary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
