import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, SecretInput, useStyles2 } from '@grafana/ui';
import { ALERT_SEVERITIES } from '../../engine/detectorSpec';
import { parseDuration } from '../../engine/duration';
import {
  parseAppJsonData,
  updateAppSettings,
  type AppJsonData,
  type DetectorDefaults,
} from '../../utils/api/appSettings';
import { ModelField, SeasonalityField, SensitivityField } from '../DetectorFields/DetectorFields';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<Record<string, unknown>>> {}

const SEVERITY_OPTIONS = ALERT_SEVERITIES.map((value) => ({ value, label: value }));

type Form = Pick<AppJsonData, 'alertmanagerUid' | 'prometheusUid' | 'remediationUrl'> & { defaults: DetectorDefaults };

/** The app's configuration: which Alertmanager and Prometheus to use, and the defaults for new detectors. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const [initialError, initial] = readInitial(plugin.meta.jsonData);
  const [form, setForm] = useState<Form>(initial);
  const [error, setError] = useState<string | undefined>(initialError);
  const [saving, setSaving] = useState(false);
  const tokenSaved = Boolean(plugin.meta.secureJsonFields?.remediationToken);
  /** undefined: keep the saved token; '' after Reset: clear it. */
  const [token, setToken] = useState<string | undefined>(undefined);
  const setDefault = <K extends keyof DetectorDefaults>(key: K, value: DetectorDefaults[K]) =>
    setForm({ ...form, defaults: { ...form.defaults, [key]: value } });
  const invalid = validate(form);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (invalid) {
      return;
    }
    setSaving(true);
    try {
      await updateAppSettings(
        (current) => ({ ...current, ...form }),
        token === undefined ? undefined : { remediationToken: token }
      );
      locationService.reload();
    } catch (caught) {
      setError((caught as Error).message);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container}>
      <FieldSet label="Data sources" className={styles.section}>
        <Field label="Alertmanager data source uid" description="Where anomaly alerts are read, muted and unmuted">
          <Input
            id="alertmanager-uid"
            width={40}
            value={form.alertmanagerUid}
            onChange={(e) => setForm({ ...form, alertmanagerUid: e.currentTarget.value.trim() })}
            data-testid={testIds.appConfig.alertmanagerUid}
          />
        </Field>
        <Field label="Default Prometheus data source uid" description="Used by new detectors">
          <Input
            id="prometheus-uid"
            width={40}
            value={form.prometheusUid}
            onChange={(e) => setForm({ ...form, prometheusUid: e.currentTarget.value.trim() })}
            data-testid={testIds.appConfig.prometheusUid}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Remediation receiver" className={styles.section}>
        <Field
          label="vigil remediate URL"
          description="Where Grafana reaches the receiver (e.g. http://vigil-remediate.monitoring:9096); empty: no Remediations page"
          invalid={!validReceiverUrl(form.remediationUrl)}
          error="An http:// or https:// URL"
        >
          <Input
            id="remediation-url"
            width={60}
            value={form.remediationUrl}
            onChange={(e) => setForm({ ...form, remediationUrl: e.currentTarget.value.trim() })}
            data-testid={testIds.appConfig.remediationUrl}
          />
        </Field>
        <Field
          label="Receiver token"
          description="The receiver's bearer token; Grafana keeps it encrypted and adds it to each request"
          htmlFor="remediation-token"
        >
          <div data-testid={testIds.appConfig.remediationToken}>
            <SecretInput
              id="remediation-token"
              width={60}
              isConfigured={token === undefined && tokenSaved}
              value={token ?? ''}
              onChange={(e) => setToken(e.currentTarget.value)}
              onReset={() => setToken('')}
            />
          </div>
        </Field>
      </FieldSet>
      <FieldSet label="Defaults for new detectors" className={styles.section}>
        <ModelField
          id="default-model"
          testId={testIds.appConfig.defaultModel}
          value={form.defaults.model}
          onChange={(v) => setDefault('model', v)}
        />
        <SensitivityField
          id="default-sensitivity"
          testId={testIds.appConfig.defaultSensitivity}
          value={form.defaults.sensitivity}
          onChange={(v) => setDefault('sensitivity', v)}
        />
        <SeasonalityField value={form.defaults.seasonality} onChange={(v) => setDefault('seasonality', v)} />
        <Field label="Step" invalid={parseDuration(form.defaults.step) === undefined} error="A duration such as 1m">
          <Input
            id="default-step"
            width={12}
            value={form.defaults.step}
            onChange={(e) => setDefault('step', e.currentTarget.value.trim())}
          />
        </Field>
        <Field
          label="Training window"
          invalid={parseDuration(form.defaults.trainingWindow) === undefined}
          error="A duration such as 7d"
        >
          <Input
            id="default-training"
            width={12}
            value={form.defaults.trainingWindow}
            onChange={(e) => setDefault('trainingWindow', e.currentTarget.value.trim())}
          />
        </Field>
        <Field label="Alert severity">
          <RadioButtonGroup
            options={SEVERITY_OPTIONS}
            value={form.defaults.severity}
            onChange={(v) => setDefault('severity', v)}
          />
        </Field>
      </FieldSet>
      {error && (
        <Alert title="Settings problem" severity="error">
          {error}
        </Alert>
      )}
      <Button type="submit" disabled={saving || Boolean(invalid)} data-testid={testIds.appConfig.submit}>
        {saving ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
};

export default AppConfig;

function readInitial(jsonData: unknown): [string | undefined, Form] {
  try {
    const { alertmanagerUid, prometheusUid, remediationUrl, defaults } = parseAppJsonData(jsonData);
    return [undefined, { alertmanagerUid, prometheusUid, remediationUrl, defaults }];
  } catch (error) {
    const { alertmanagerUid, prometheusUid, remediationUrl, defaults } = parseAppJsonData({});
    return [(error as Error).message, { alertmanagerUid, prometheusUid, remediationUrl, defaults }];
  }
}

function validate(form: Form): string | undefined {
  if (!form.alertmanagerUid || !form.prometheusUid) {
    return 'Both data source uids are required';
  }
  if (!validReceiverUrl(form.remediationUrl)) {
    return 'The remediation receiver URL must be an http:// or https:// URL';
  }
  if (parseDuration(form.defaults.step) === undefined || parseDuration(form.defaults.trainingWindow) === undefined) {
    return 'Step and training window must be durations';
  }
  return undefined;
}

function validReceiverUrl(url: string): boolean {
  return url === '' || /^https?:\/\/[^\s/]+/.test(url);
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginTop: theme.spacing(3) }),
});
