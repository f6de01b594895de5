import { z } from 'zod';
import { ALERT_SEVERITIES, MODEL_KINDS, SEASONALITIES } from '../../engine/detectorSpec';
import { DEFAULT_ALERTMANAGER_UID, DEFAULT_PROMETHEUS_UID, PLUGIN_ID } from '../../constants';
import { requestJson } from './http';

/** Defaults applied to a new detector in the editor. */
export const detectorDefaultsSchema = z.object({
  model: z.enum(MODEL_KINDS).default('default'),
  sensitivity: z.number().min(0).max(1).default(0.5),
  seasonality: z.enum(SEASONALITIES).default('auto'),
  step: z.string().default('1m'),
  trainingWindow: z.string().default('7d'),
  severity: z.enum(ALERT_SEVERITIES).default('warning'),
});

/**
 * The app's jsonData. Detectors are stored as written (spec input); they are validated with the engine's
 * schema where used, so one broken entry does not hide the others.
 */
export const appJsonDataSchema = z.object({
  alertmanagerUid: z.string().min(1).default(DEFAULT_ALERTMANAGER_UID),
  prometheusUid: z.string().min(1).default(DEFAULT_PROMETHEUS_UID),
  defaults: detectorDefaultsSchema.default(detectorDefaultsSchema.parse({})),
  detectors: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Where Grafana reaches `vigil remediate` (plugin.json route `remediate`); empty: no Remediations page. */
  remediationUrl: z.string().default(''),
});

export type AppJsonData = z.infer<typeof appJsonDataSchema>;
export type DetectorDefaults = z.infer<typeof detectorDefaultsSchema>;

const settingsSchema = z.object({
  enabled: z.boolean().optional(),
  pinned: z.boolean().optional(),
  jsonData: z.record(z.string(), z.unknown()).nullish(),
  secureJsonFields: z.record(z.string(), z.boolean()).nullish(),
});

/** Secrets of the app (write-only: Grafana keeps them encrypted and adds them to plugin.json routes). */
export interface AppSecureJsonData {
  /** The bearer token of `vigil remediate`; '' clears it. */
  remediationToken?: string;
}

const SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;

export function parseAppJsonData(jsonData: unknown): AppJsonData {
  const parsed = appJsonDataSchema.safeParse(jsonData ?? {});
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  throw new Error(`The app's settings are invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

export async function loadAppSettings(): Promise<AppJsonData> {
  const settings = await requestJson(SETTINGS_URL, settingsSchema);
  return parseAppJsonData(settings.jsonData);
}

/** Saves jsonData (and the secrets given), keeping the plugin enabled and pinned as it was. */
export async function saveAppSettings(jsonData: AppJsonData, secureJsonData?: AppSecureJsonData): Promise<void> {
  const current = await requestJson(SETTINGS_URL, settingsSchema);
  await requestJson(SETTINGS_URL, z.unknown(), {
    method: 'POST',
    body: JSON.stringify({
      enabled: current.enabled ?? true,
      pinned: current.pinned ?? true,
      jsonData,
      ...(secureJsonData ? { secureJsonData } : {}),
    }),
  });
}

/** Reads the settings, applies `change`, and writes them back (with the secrets given, if any). */
export async function updateAppSettings(
  change: (current: AppJsonData) => AppJsonData,
  secureJsonData?: AppSecureJsonData
): Promise<AppJsonData> {
  const next = change(await loadAppSettings());
  await saveAppSettings(next, secureJsonData);
  return next;
}
