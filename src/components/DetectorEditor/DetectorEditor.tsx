import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import {
  Alert,
  Button,
  Field,
  FieldSet,
  Input,
  LoadingPlaceholder,
  Stack,
  Switch,
  TextArea,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import type { DetectorEditorScene, DetectorEditorSceneState } from '../../scenes/DetectorEditorScene';
import { idFromName } from '../../scenes/detectorForm';
import { DAY_MS } from '../../engine/seasonal/period';
import { detectorsConfigMapYaml, detectorsConfigYaml } from '../../utils/exportDetector';
import { useElementWidth } from '../../utils/useElementWidth';
import { detectorEditorUrl } from '../../utils/utils.routing';
import { ModelField, SeasonalityField, SensitivityField } from '../DetectorFields/DetectorFields';
import { testIds } from '../testIds';
import { DaysField } from './DaysField';
import { DeleteDetectorButton } from './DeleteDetectorButton';
import { ErrorLines } from './ErrorLines';
import { ExportModal } from './ExportModal';
import { PreviewChart } from './PreviewChart';
import { PreviewSummaryView } from './PreviewSummaryView';
import { TrainingProgressView } from './TrainingProgressView';

/** The detector's export formats: the button that offers each and the file it makes. */
const EXPORT_FORMATS = [
  {
    icon: 'file-alt',
    button: 'Export YAML (CLI config)',
    testId: testIds.editor.exportYaml,
    title: 'Detector as CLI config (config.yaml)',
    fileName: 'config.yaml',
    note: 'Paste its entries under detectors: in the config.yaml of your deployment, beside prometheus_url and the rest.',
    render: detectorsConfigYaml,
  },
  {
    icon: 'kubernetes',
    button: 'Export Kubernetes ConfigMap',
    testId: testIds.editor.exportConfigMap,
    title: 'Detector as Kubernetes ConfigMap',
    fileName: 'vigil-detectors.yaml',
    note:
      'Holds the detectors alone, not a whole config: merge its detectors: into the config.yaml of your deployment ' +
      '(prometheus_url, alertmanager_url and the rest), as docs/deploy.md, "The Grafana + CronJob workflow", shows.',
    render: detectorsConfigMapYaml,
  },
] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function DetectorEditor({ scene, state }: { scene: DetectorEditorScene; state: DetectorEditorSceneState }) {
  const styles = useStyles2(getStyles);
  const [exporting, setExporting] = useState<{ format: ExportFormat; text: string } | undefined>();
  const [chartRef, chartWidth] = useElementWidth<HTMLDivElement>();
  const { form, loadError, formError, saveState, preview, detectorId } = state;
  const deleteButton = detectorId && (
    <DeleteDetectorButton id={detectorId} name={state.stored?.name} onDelete={() => scene.delete()} />
  );
  const deleteError = state.deleteError && (
    <Alert title={`Could not delete the detector "${detectorId}"`} severity="error" data-testid={testIds.editor.error}>
      {state.deleteError}
    </Alert>
  );

  if (loadError) {
    return (
      <>
        <Alert title="Cannot open the detector" severity="error" data-testid={testIds.editor.error}>
          <ErrorLines text={loadError} />
        </Alert>
        {state.loadErrorDeletable && deleteButton}
        {deleteError}
      </>
    );
  }
  if (!form) {
    return <LoadingPlaceholder text="Loading detector…" />;
  }

  const exportAs = (format: ExportFormat) => {
    const spec = scene.currentSpec();
    if (spec) {
      setExporting({ format, text: format.render([spec]) });
    }
  };

  return (
    <div data-testid={testIds.editor.page}>
      <FieldSet label="Query">
        <Field label="Name" description="Shown in the app and in alert links">
          <Input
            id="detector-name"
            value={form.name}
            onChange={(event) => scene.setField('name', event.currentTarget.value)}
            data-testid={testIds.editor.name}
          />
        </Field>
        <Field label="Id" description="Lowercase letters, digits, - and _; the alerts' vigil_detector label">
          <Input
            id="detector-id"
            value={form.id}
            placeholder={idFromName(form.name) || 'e.g. api-latency'}
            onChange={(event) => scene.setField('id', event.currentTarget.value.trim())}
            data-testid={testIds.editor.id}
          />
        </Field>
        <Field label="Prometheus data source">
          <div data-testid={testIds.editor.datasource}>
            <DataSourcePicker
              current={form.datasource}
              type="prometheus"
              noDefault
              onChange={(ds) => scene.setField('datasource', ds.uid)}
            />
          </div>
        </Field>
        <Field label="PromQL query" description="One or many series; each series is scored on its own">
          <TextArea
            id="detector-query"
            className={styles.query}
            rows={3}
            value={form.query}
            onChange={(event) => scene.setField('query', event.currentTarget.value)}
            data-testid={testIds.editor.query}
          />
        </Field>
        <Field
          htmlFor="detector-counter"
          label="Counter"
          description="The query returns raw counters (…_total): score their per-second rate, restarts handled"
        >
          <Switch
            id="detector-counter"
            value={form.counter}
            onChange={(event) => scene.setField('counter', event.currentTarget.checked)}
            data-testid={testIds.editor.counter}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Model">
        <Stack gap={4} wrap="wrap">
          <ModelField
            id="detector-model"
            testId={testIds.editor.model}
            value={form.model}
            onChange={(value) => scene.setField('model', value)}
          />
          <SeasonalityField
            testId={testIds.editor.seasonality}
            value={form.seasonality}
            onChange={(value) => scene.setField('seasonality', value)}
          />
          <Field label="Step" description="Resolution of the series">
            <Input
              id="detector-step"
              width={10}
              value={form.step}
              onChange={(event) => scene.setField('step', event.currentTarget.value.trim())}
            />
          </Field>
        </Stack>
        <SensitivityField
          id="detector-sensitivity"
          testId={testIds.editor.sensitivity}
          value={form.sensitivity}
          onChange={(value) => scene.setField('sensitivity', value)}
        />
      </FieldSet>
      {formError && (
        <Alert title="The detector is not valid yet" severity="error" data-testid={testIds.editor.error}>
          <ErrorLines text={formError} />
        </Alert>
      )}
      <FieldSet label="Preview">
        <Stack alignItems="flex-end">
          <DaysField days={form.days} error={state.daysError} onChange={(change) => scene.setDays(change)} />
          <Field label="Ending" description="Empty: now">
            <Input
              id="detector-until"
              width={26}
              placeholder="now"
              value={form.until}
              onChange={(event) => scene.setField('until', event.currentTarget.value.trim())}
            />
          </Field>
          <Field>
            <Button
              icon="play"
              variant="secondary"
              onClick={() => scene.runPreview()}
              disabled={preview.status === 'running' || Boolean(state.daysError)}
              data-testid={testIds.editor.runPreview}
            >
              {preview.status !== 'running'
                ? 'Run preview'
                : preview.phase === 'querying'
                  ? 'Querying…'
                  : preview.training
                    ? 'Training…'
                    : 'Scoring…'}
            </Button>
          </Field>
        </Stack>
        <div ref={chartRef} data-testid={testIds.editor.preview} data-state={preview.status}>
          {preview.status === 'running' && preview.training && (
            <TrainingProgressView model={form.model} progress={preview.training} />
          )}
          {preview.status === 'error' && (
            <Alert title={preview.title} severity="error" data-testid={testIds.editor.previewError}>
              <pre className={styles.errors}>{preview.message}</pre>
            </Alert>
          )}
          {preview.status === 'done' && (
            <>
              {preview.counterHint && (
                <Alert title="Check the Counter switch" severity="info" data-testid={testIds.editor.counterHint}>
                  {preview.counterHint}
                </Alert>
              )}
              <PreviewSummaryView
                summary={preview.response.summary}
                askedDays={(preview.to - preview.from) / DAY_MS}
                endLabel={preview.endLabel}
              />
              {chartWidth > 0 && (
                <PreviewChart
                  results={preview.response.results}
                  from={preview.from}
                  to={preview.to}
                  width={chartWidth}
                />
              )}
            </>
          )}
        </div>
      </FieldSet>
      <Stack gap={1}>
        <Button
          icon="save"
          onClick={() => scene.save()}
          disabled={saveState.status === 'saving'}
          data-testid={testIds.editor.save}
        >
          {saveState.status === 'saving' ? 'Saving…' : 'Save detector'}
        </Button>
        {EXPORT_FORMATS.map((format) => (
          <Button
            key={format.fileName}
            icon={format.icon}
            variant="secondary"
            onClick={() => exportAs(format)}
            data-testid={format.testId}
          >
            {format.button}
          </Button>
        ))}
        {deleteButton}
      </Stack>
      {deleteError}
      {saveState.status === 'saved' && (
        <Alert title="Detector saved" severity="success" data-testid={testIds.editor.saved}>
          Stored in the app&apos;s settings.
        </Alert>
      )}
      {saveState.status === 'error' && (
        <Alert title="Could not save the detector" severity="error" data-testid={testIds.editor.error}>
          {saveState.message}
          {saveState.takenBy && (
            <div>
              <TextLink href={detectorEditorUrl(saveState.takenBy)} inline={false}>
                Open the detector &quot;{saveState.takenBy}&quot;
              </TextLink>
            </div>
          )}
        </Alert>
      )}
      {exporting && (
        <ExportModal
          title={exporting.format.title}
          fileName={exporting.format.fileName}
          note={exporting.format.note}
          text={exporting.text}
          onDismiss={() => setExporting(undefined)}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  query: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  errors: css({ whiteSpace: 'pre-wrap', margin: 0 }),
});
