import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, IconButton, Input, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';
import { MATCHER_OPERATORS, type MatcherDraft } from './matcherDrafts';

const OPERATOR_OPTIONS = MATCHER_OPERATORS.map((operator) => ({ label: operator, value: operator }));

export interface MatcherEditorProps {
  drafts: MatcherDraft[];
  errors: Array<string | undefined>;
  onChange: (drafts: MatcherDraft[]) => void;
}

/** Add, remove and edit a silence's matchers: label name, operator (= != =~ !~) and value. */
export function MatcherEditor({ drafts, errors, onChange }: MatcherEditorProps) {
  const styles = useStyles2(getStyles);
  const update = (index: number, change: Partial<MatcherDraft>) =>
    onChange(drafts.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  return (
    <div className={styles.editor}>
      {drafts.map((draft, index) => (
        <div key={index} data-testid={testIds.muteDialog.matcherRow}>
          <div className={styles.row}>
            <Input
              aria-label={`Label name of matcher ${index + 1}`}
              width={24}
              value={draft.name}
              invalid={Boolean(errors[index])}
              onChange={(event) => update(index, { name: event.currentTarget.value })}
              data-testid={testIds.muteDialog.matcherName}
            />
            <div data-testid={testIds.muteDialog.matcherOperator}>
              <RadioButtonGroup
                size="sm"
                options={OPERATOR_OPTIONS}
                value={draft.operator}
                onChange={(operator) => update(index, { operator })}
              />
            </div>
            <Input
              aria-label={`Value of matcher ${index + 1}`}
              value={draft.value}
              invalid={Boolean(errors[index])}
              onChange={(event) => update(index, { value: event.currentTarget.value })}
              data-testid={testIds.muteDialog.matcherValue}
            />
            <IconButton
              name="trash-alt"
              tooltip={`Remove matcher ${index + 1}`}
              onClick={() => onChange(drafts.filter((_, i) => i !== index))}
              data-testid={testIds.muteDialog.removeMatcher}
            />
          </div>
          {errors[index] && <div className={styles.error}>{errors[index]}</div>}
        </div>
      ))}
      <div>
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          onClick={() => onChange([...drafts, { name: '', operator: '=', value: '' }])}
          data-testid={testIds.muteDialog.addMatcher}
        >
          Add matcher
        </Button>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
  error: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
});
