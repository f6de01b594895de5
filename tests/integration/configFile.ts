import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Writes `config` as YAML to `dir`/config.yaml, the file a user hands `vigil --config`; returns its path. */
export function writeConfigFile(dir: string, config: Record<string, unknown>): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}
