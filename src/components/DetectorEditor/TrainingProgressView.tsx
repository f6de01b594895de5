import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { trainingMessage } from '../../utils/trainingMessage';
import type { FitProgress } from '../../worker/detectorService';
import { testIds } from '../testIds';

/** A neural kind training in the worker during a preview: its epoch as a bar, and the numbers in words. */
export function TrainingProgressView({ model, progress }: { model: string; progress: FitProgress }) {
  const styles = useStyles2(getStyles);
  const message = trainingMessage(model, progress);
  return (
    <div
      className={styles.box}
      data-testid={testIds.editor.previewTraining}
      data-epoch={progress.epoch}
      data-epochs={progress.epochs}
      data-held-out-loss={progress.heldOutLoss}
      data-backend={progress.backend}
    >
      <progress className={styles.bar} max={progress.epochs} value={progress.epoch} aria-label={message} />
      <span>{message}</span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(2, 0),
    color: theme.colors.text.secondary,
  }),
  bar: css({ width: '100%', maxWidth: 480, height: theme.spacing(1), accentColor: theme.colors.primary.main }),
});
