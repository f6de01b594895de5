import React from 'react';
import { css } from '@emotion/css';
import { Combobox, Field, RadioButtonGroup, Slider, useStyles2 } from '@grafana/ui';
import { MODEL_KINDS, SEASONALITIES, type ModelKind, type Seasonality } from '../../engine/detectorSpec';

const MODEL_OPTIONS = MODEL_KINDS.map((kind) => ({ value: kind, label: kind.replace(/_/g, ' ') }));
const SEASONALITY_OPTIONS = SEASONALITIES.map((value) => ({ value, label: value }));

/** A detector setting as a form field (the editor's and the app's defaults): `id` names its input. */
interface DetectorFieldProps<T> {
  id: string;
  testId?: string;
  value: T;
  onChange: (value: T) => void;
}

export function ModelField({ id, testId, value, onChange }: DetectorFieldProps<ModelKind>) {
  return (
    <Field label="Model" htmlFor={id}>
      <div data-testid={testId}>
        <Combobox
          id={id}
          width={28}
          options={MODEL_OPTIONS}
          value={value}
          onChange={(option) => onChange(option.value)}
        />
      </div>
    </Field>
  );
}

export function SensitivityField({ id, testId, value, onChange }: DetectorFieldProps<number>) {
  const styles = useStyles2(getStyles);
  return (
    <Field label="Sensitivity" description="Higher flags more points" htmlFor={id}>
      <div className={styles.slider} data-testid={testId}>
        <Slider inputId={id} min={0} max={1} step={0.05} value={value} onChange={onChange} />
      </div>
    </Field>
  );
}

export function SeasonalityField({ testId, value, onChange }: Omit<DetectorFieldProps<Seasonality>, 'id'>) {
  return (
    <Field label="Seasonality">
      <div data-testid={testId}>
        <RadioButtonGroup options={SEASONALITY_OPTIONS} value={value} onChange={onChange} />
      </div>
    </Field>
  );
}

const getStyles = () => ({
  slider: css({ maxWidth: 480 }),
});
