import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Input, Modal, RadioButtonGroup, TextArea, useStyles2 } from '@grafana/ui';
import { formatMatcher, type LabelMatcher } from '../../alerting';
import { parseDuration } from '../../engine/duration';
import { DAY_MS, MINUTE_MS } from '../../engine/seasonal/period';
import { SILENCE_CREATED_BY } from '../../constants';
import { alertmanagerViaGrafana } from '../../utils/api/grafanaClients';
import { loadAppSettings } from '../../utils/api/appSettings';
import { testIds } from '../testIds';
import { checkDrafts, draftsFromMatchers } from './matcherDrafts';
import { MatcherEditor } from './MatcherEditor';
import { matchersForSeries } from './silenceMatchers';

const DURATIONS = ['1h', '4h', '1d', '1w'].map((value) => ({ label: value, value }));
const DURATION_INPUT_ID = 'vigil-mute-duration';
const LONGEST_MUTE_MS = 365 * DAY_MS;

/** Why a duration cannot be a silence's: unreadable, gone before the page shows it, or past Alertmanager's range. */
function durationProblem(durationMs: number | undefined): string | undefined {
  if (durationMs === undefined) {
    return 'Use a duration such as 30m, 2h, 1d or 1w';
  }
  if (durationMs < MINUTE_MS) {
    return 'A silence lasts at least 1m';
  }
  return durationMs > LONGEST_MUTE_MS ? 'A silence lasts at most 365d' : undefined;
}

export interface MuteDialogProps {
  /** The silence's first matchers (the user may edit them); computed from `seriesLabels` (and `detector`) when absent. */
  matchers?: LabelMatcher[];
  seriesLabels?: Record<string, string>;
  detector?: string;
  onDismiss: () => void;
  onMuted?: (silence: { id: string; endsAt: number }) => void;
}

/** Creates an Alertmanager silence for Vigil's alerts, with the matchers shown and editable before it is saved. */
export function MuteDialog({ matchers: given, seriesLabels, detector, onDismiss, onMuted }: MuteDialogProps) {
  const styles = useStyles2(getStyles);
  const [drafts, setDrafts] = useState(() =>
    draftsFromMatchers(given ?? matchersForSeries(seriesLabels ?? {}, detector))
  );
  const checked = checkDrafts(drafts);
  const matchers = checked.matchers;
  const [duration, setDuration] = useState('1h');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const durationMs = parseDuration(duration);
  const invalid = durationProblem(durationMs);

  const submit = async () => {
    if (durationMs === undefined || !matchers) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const silence = await createSilence(matchers, durationMs, comment.trim() || `Muted from Vigil for ${duration}`);
      onMuted?.(silence);
      onDismiss();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setSaving(false);
    }
  };

  // Once sent, the silence may be created whatever the dialog does: it stays until Alertmanager has answered.
  const dismiss = saving ? () => {} : onDismiss;
  return (
    <Modal title="Mute anomaly alerts" isOpen onDismiss={dismiss}>
      <div data-testid={testIds.muteDialog.dialog}>
        <Field
          label="Duration"
          description="How long the silence lasts"
          invalid={Boolean(invalid)}
          error={invalid}
          htmlFor={DURATION_INPUT_ID}
        >
          {/* A fragment: Field hands `invalid` to an element child, and a div would write it to the DOM. */}
          <>
            <div className={styles.duration}>
              <RadioButtonGroup
                options={DURATIONS}
                value={DURATIONS.some((one) => one.value === duration) ? duration : undefined}
                onChange={setDuration}
              />
              <Input
                id={DURATION_INPUT_ID}
                aria-label="Duration"
                width={12}
                invalid={Boolean(invalid)}
                aria-invalid={Boolean(invalid)}
                value={duration}
                onChange={(event) => setDuration(event.currentTarget.value.trim())}
                data-testid={testIds.muteDialog.duration}
              />
            </div>
          </>
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
        <Field
          label="Matchers"
          description="The silence applies to alerts matching all of these (= != =~ !~; regexes match the whole value)"
          invalid={Boolean(checked.problem)}
          error={checked.problem}
        >
          <MatcherEditor drafts={drafts} errors={checked.errors} onChange={setDrafts} />
        </Field>
        <div className={styles.preview}>
          Silence:{' '}
          <code className={styles.matchers} data-testid={testIds.muteDialog.matchers}>
            {'{'}
            {(matchers ?? []).map(formatMatcher).join(', ')}
            {'}'}
          </code>
        </div>
        {error && (
          <Alert title="Could not create the silence" severity="error" data-testid={testIds.muteDialog.error}>
            {error}
          </Alert>
        )}
      </div>
      <Modal.ButtonRow>
        <Button variant="secondary" fill="outline" onClick={onDismiss} disabled={saving}>
          Cancel
        </Button>
        <Button
          icon="bell-slash"
          onClick={submit}
          disabled={saving || Boolean(invalid) || !matchers}
          data-testid={testIds.muteDialog.submit}
        >
          {saving ? 'Sending to Alertmanager…' : 'Mute'}
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}

/** A silence created by Vigil in the configured Alertmanager, from now for `durationMs`: its id and end. */
async function createSilence(
  matchers: LabelMatcher[],
  durationMs: number,
  comment: string
): Promise<{ id: string; endsAt: number }> {
  const settings = await loadAppSettings();
  const now = Date.now();
  const endsAt = now + durationMs;
  const id = await alertmanagerViaGrafana(settings.alertmanagerUid).createSilence({
    matchers,
    startsAt: now,
    endsAt,
    createdBy: SILENCE_CREATED_BY,
    comment,
  });
  return { id, endsAt };
}

const getStyles = (theme: GrafanaTheme2) => ({
  duration: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
  preview: css({ marginBottom: theme.spacing(2) }),
  matchers: css({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }),
});
