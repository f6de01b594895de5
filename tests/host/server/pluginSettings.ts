import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * What Grafana stores per app installation. Secure fields are write-only: only their names come back to the
 * browser; their values are used only server-side, in plugin.json routes (pluginRoutes.ts).
 */
export interface StoredSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
  secureJsonData: Record<string, string>;
}

const updateSchema = z.object({
  enabled: z.boolean().optional(),
  pinned: z.boolean().optional(),
  jsonData: z.record(z.string(), z.unknown()).nullish(),
  secureJsonData: z.record(z.string(), z.unknown()).nullish(),
});

export type SettingsUpdate = z.infer<typeof updateSchema>;

export function parseSettingsUpdate(body: unknown): SettingsUpdate {
  const result = updateSchema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `Invalid plugin settings: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ')}`
    );
  }
  return result.data;
}

/** App plugin settings persisted in a JSON file, written atomically (temp file + rename). */
export class PluginSettingsStore {
  constructor(private readonly file: string) {}

  async read(): Promise<StoredSettings> {
    try {
      const stored = JSON.parse(await readFile(this.file, 'utf8')) as StoredSettings;
      return { ...stored, secureJsonData: stored.secureJsonData ?? {} };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { enabled: true, pinned: true, jsonData: {}, secureJsonFields: {}, secureJsonData: {} };
      }
      throw error;
    }
  }

  async update(update: SettingsUpdate): Promise<StoredSettings> {
    const current = await this.read();
    const secureJsonFields = { ...current.secureJsonFields };
    const secureJsonData = { ...current.secureJsonData };
    for (const [key, value] of Object.entries(update.secureJsonData ?? {})) {
      if (value === '' || value === null) {
        delete secureJsonFields[key];
        delete secureJsonData[key];
      } else {
        secureJsonFields[key] = true;
        secureJsonData[key] = String(value);
      }
    }
    const next: StoredSettings = {
      enabled: update.enabled ?? current.enabled,
      pinned: update.pinned ?? current.pinned,
      jsonData: update.jsonData ?? current.jsonData,
      secureJsonFields,
      secureJsonData,
    };
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(next, null, 2));
    await rename(temporary, this.file);
    return next;
  }
}
