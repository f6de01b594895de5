import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, Modal, RadioButtonGroup, TextArea, useStyles2 } from '@grafana/ui';
import { formatMatcher, type LabelMatcher } from '../../alerting';
import { parseDuration } from '../../engine/duration';
import { SILENCE_CREATED_BY } from '../../constants';
import { alertmanagerViaGrafana } from '../../utils/api/grafanaClients';
import { loadAppSettings } from '../../utils/api/appSettings';
import { testIds } from '../testIds';
import { matchersForSeries } from './silenceMatchers';

const DURATIONS = ['1h', '4h', '1d', '1w'].map((value) => ({ label: value, value }));

export interface MuteDialogProps {
  /** The silence's matchers; computed from `seriesLabels` (and `detector`) when absent. */
  matchers?: LabelMatcher[];
  seriesLabels?: Record<string, string>;
  detector?: string;
  onDismiss: () => void;
  onMuted?: (silenceId: string) => void;
}

/** Creates an Alertmanager silence for Vigil's alerts, showing the matchers before anything is saved. */
export function MuteDialog({ matchers: given, seriesLabels, detector, onDismiss, onMuted }: MuteDialogProps) {
  const styles = useStyles2(getStyles);
  const matchers = useMemo(
    () => given ?? matchersForSeries(seriesLabels ?? {}, detector),
    [given, seriesLabels, detector]
  );
  const [duration, setDuration] = useState('1h');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const durationMs = parseDuration(duration);
  const invalid = durationMs === undefined ? 'Use a duration such as 30m, 2h, 1d or 1w' : undefined;

  const submit = async () => {
    if (durationMs === undefined) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const settings = await loadAppSettings();
      const now = Date.now();
      const id = await alertmanagerViaGrafana(settings.alertmanagerUid).createSilence({
        matchers,
        startsAt: now,
        endsAt: now + durationMs,
        createdBy: SILENCE_CREATED_BY,
        comment: comment.trim() || `Muted from Vigil for ${duration}`,
      });
      onMuted?.(id);
      onDismiss();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setSaving(false);
    }
  };

  return (
    <Modal title="Mute anomaly alerts" isOpen onDismiss={onDismiss}>
      <div data-testid={testIds.muteDialog.dialog}>
        <Field label="Duration" description="How long the silence lasts" invalid={Boolean(invalid)} error={invalid}>
          <div className={styles.duration}>
            <RadioButtonGroup
              options={DURATIONS}
              value={DURATIONS.some((one) => one.value === duration) ? duration : undefined}
              onChange={setDuration}
            />
            <Input
              aria-label="Duration"
              width={12}
              value={duration}
              onChange={(event) => setDuration(event.currentTarget.value.trim())}
              data-testid={testIds.muteDialog.duration}
            />
          </div>
        </Field>
        <Field label="Comment" description="Why the alerts are muted (shown in Alertmanager)">
          <TextArea
            aria-label="Comment"
            rows={2}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            data-testid={testIds.muteDialog.comment}
          />
        </Field>
        <Field label="Matchers" description="The silence applies to alerts with all of these labels">
          <ul className={styles.matchers} data-testid={testIds.muteDialog.matchers}>
            {matchers.map((matcher) => (
              <li key={formatMatcher(matcher)}>
                <code>{formatMatcher(matcher)}</code>
              </li>
            ))}
          </ul>
        </Field>
        {error && (
          <Alert title="Could not create the silence" severity="error" data-testid={testIds.muteDialog.error}>
            {error}
          </Alert>
        )}
      </div>
      <Modal.ButtonRow>
        <Button variant="secondary" fill="outline" onClick={onDismiss}>
          Cancel
        </Button>
        <Button
          icon="bell-slash"
          onClick={submit}
          disabled={saving || Boolean(invalid)}
          data-testid={testIds.muteDialog.submit}
        >
          {saving ? 'Muting…' : 'Mute'}
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  duration: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
  matchers: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  }),
});
