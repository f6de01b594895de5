import { readFileSync } from 'node:fs';
import { LineCounter, isMap, parseDocument } from 'yaml';
import { DetectorSpec, DetectorSpecError, parseDetectorSpec } from '../../engine/detectorSpec';
import { UserError } from '../command';
import { yamlData } from '../config/yamlData';

/** Identity fields a file-based run does not need: filled in when the YAML leaves them out. */
const FILE_RUN_IDENTITY = { id: 'file', name: 'vigil file run', query: 'file' };

/** The default detector spec, for runs without --detector. */
export function defaultRunSpec(): DetectorSpec {
  return parseDetectorSpec(FILE_RUN_IDENTITY);
}

/**
 * Reads a detector spec from a YAML file (the same keys as a detector in config.yaml; id, name and query may be
 * left out). Errors name the file, the line and the key.
 */
export function loadDetectorSpecFile(path: string): DetectorSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `${path}: cannot read the detector file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
    );
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = lines.linePos(error.pos[0]).line;
    throw new UserError(`${path}:${line}: invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const data: unknown = yamlData(document, path) ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`${path}: expected a mapping of detector keys (model, sensitivity, seasonality, ...)`);
  }
  try {
    return parseDetectorSpec({ ...FILE_RUN_IDENTITY, ...data }, path);
  } catch (error) {
    if (!(error instanceof DetectorSpecError)) {
      throw error;
    }
    const located = error.issues.map((issue) => {
      const node = isMap(document.contents) ? document.getIn(issue.path.split('.'), true) : undefined;
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      const where = range ? `${path}:${lines.linePos(range[0]).line}` : path;
      return `${where}: ${issue.path}: ${issue.message}`;
    });
    throw new UserError(located.join('\n'));
  }
}
