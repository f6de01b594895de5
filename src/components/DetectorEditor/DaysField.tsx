import React, { useState } from 'react';
import { Field, Input } from '@grafana/ui';
import { testIds } from '../testIds';

export const MIN_PREVIEW_DAYS = 1;
export const MAX_PREVIEW_DAYS = 30;

/** The days typed, or why they are not days the preview can ask for. */
export function parseDays(text: string): { days: number } | { error: string } {
  const days = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(days) || days < MIN_PREVIEW_DAYS || days > MAX_PREVIEW_DAYS) {
    return { error: `Days of history: a whole number from ${MIN_PREVIEW_DAYS} to ${MAX_PREVIEW_DAYS}` };
  }
  return { days };
}

export interface DaysFieldProps {
  days: number;
  /** The error shown, set while the text typed is not a valid number of days. */
  error?: string;
  onChange: (change: { days: number } | { error: string }) => void;
}

/** Edited as text, so it can be cleared and retyped; the form keeps the last valid days and the error is shown. */
export function DaysField({ days, error, onChange }: DaysFieldProps) {
  const [text, setText] = useState(String(days));
  const [shownDays, setShownDays] = useState(days);
  // Days set from elsewhere (the URL) replace the text; React's pattern for state that follows a prop.
  if (days !== shownDays) {
    setShownDays(days);
    if (Number(text) !== days) {
      setText(String(days));
    }
  }
  return (
    <Field label="Days of history" invalid={Boolean(error)} error={error}>
      <Input
        id="detector-days"
        type="number"
        min={MIN_PREVIEW_DAYS}
        max={MAX_PREVIEW_DAYS}
        width={10}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          onChange(parseDays(event.currentTarget.value));
        }}
        data-testid={testIds.editor.previewDays}
      />
    </Field>
  );
}
