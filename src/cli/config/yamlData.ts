import type { Document } from 'yaml';
import { ConfigError } from './configError';

/** Alias expansions allowed per file: a config needs a handful; a "billion laughs" file needs millions. */
export const MAX_YAML_ALIAS_COUNT = 100;

/**
 * The data of a parsed YAML file. What the yaml package refuses while building it (an alias bomb, an alias
 * to nothing) is a ConfigError naming the file, exit 2, never an internal error.
 */
export function yamlData(document: Document, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(`${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}
