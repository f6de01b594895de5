import { readFileSync } from 'node:fs';
import { Document, LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { DetectorSpec, DetectorSpecError, parseDetectorSpec } from '../../engine/detectorSpec';
import { UserError } from '../command';
import { yamlData } from '../config/yamlData';

/** Identity fields a file-based run does not need: filled in when the YAML leaves them out. */
const FILE_RUN_IDENTITY = { id: 'file', name: 'vigil file run', query: 'file' };

/** The default detector spec, for runs without --detector. */
export function defaultRunSpec(): DetectorSpec {
  return parseDetectorSpec(FILE_RUN_IDENTITY);
}

interface YamlFile {
  document: Document;
  lines: LineCounter;
}

function readYamlFile(path: string, what: string): YamlFile & { data: unknown } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `${path}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
    );
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = lines.linePos(error.pos[0]).line;
    throw new UserError(`${path}:${line}: invalid YAML: ${error.message.split('\n')[0]}`);
  }
  return { document, lines, data: yamlData(document, path) ?? {} };
}

function isMapping(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/**
 * "file.yaml:12", 12 the line of the key `keyPath` names (of a list item, the item's), or of the nearest key above it
 * that the file has: an issue inside a value (the second of an ensemble's members) is on that value's line.
 */
function lineOf(path: string, file: YamlFile, keyPath: string[]): string {
  let node: unknown = file.document.contents;
  let offset: number | undefined;
  for (const segment of keyPath) {
    let next: { range?: [number, number, number] | null } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      next = pair && isScalar(pair.key) ? pair.key : undefined;
      node = pair?.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      node = node.items[Number(segment)];
      next = node ?? undefined;
    }
    if (!next?.range) {
      break;
    }
    offset = next.range[0];
  }
  return offset === undefined ? path : `${path}:${file.lines.linePos(offset).line}`;
}

/**
 * Validates the spec at `at` (the YAML path of its node); errors name the file, the line and the key. A file run
 * scores one series: a multivariate block is refused, and a forecast block, which does not change the scores, is
 * passed to `warn`.
 */
function specAt(
  path: string,
  file: YamlFile,
  at: Array<string | number>,
  data: Record<string, unknown>,
  warn: (message: string) => void,
  defaults: Record<string, unknown> = {}
): DetectorSpec {
  const where = at.length > 0 ? `${path}: ${at.join('.')}` : path;
  const located = (key: string) =>
    `${lineOf(path, file, [...at.map(String), ...key.split('.')])}: ${[...at, key].join('.')}`;
  let spec: DetectorSpec;
  try {
    spec = parseDetectorSpec({ ...FILE_RUN_IDENTITY, ...defaults, ...data }, where);
  } catch (error) {
    if (!(error instanceof DetectorSpecError)) {
      throw error;
    }
    throw new UserError(error.issues.map((issue) => `${located(issue.path)}: ${issue.message}`).join('\n'));
  }
  if (spec.multivariate) {
    throw new UserError(
      `${located('multivariate')}: a file run scores one series; a multivariate detector runs in vigil detect, vigil serve or the panel`
    );
  }
  if (spec.forecast) {
    warn(
      `${located('forecast')}: ignored: a file run scores the rows given and forecasts nothing (forecasts run in vigil serve and the panel)`
    );
  }
  return spec;
}

/**
 * Reads a detector spec from a YAML file (the same keys as a detector in config.yaml; id, name and query may be
 * left out). Errors name the file, the line and the key.
 */
export function loadDetectorSpecFile(path: string, warn: (message: string) => void): DetectorSpec {
  const file = readYamlFile(path, 'detector file');
  if (!isMapping(file.data)) {
    throw new UserError(`${path}: expected a mapping of detector keys (model, sensitivity, seasonality, ...)`);
  }
  return specAt(path, file, [], file.data, warn);
}

/**
 * Reads a cross-validation grid: a YAML list of detector specs (the keys of --detector; `name` labels the grid
 * point in the report and defaults to its position). Errors name the file, the line and the entry.
 */
export function loadDetectorGridFile(path: string, warn: (message: string) => void): DetectorSpec[] {
  const file = readYamlFile(path, 'grid file');
  if (!Array.isArray(file.data) || file.data.length === 0) {
    throw new UserError(`${path}: expected a non-empty list of detector specs (each with model, sensitivity, ...)`);
  }
  const specs = file.data.map((entry, index) => {
    if (!isMapping(entry)) {
      throw new UserError(`${path}: entry ${index}: expected a mapping of detector keys (model, params, ...)`);
    }
    return specAt(path, file, [index], entry, warn, { name: `grid point ${index}` });
  });
  const names = specs.map((spec) => spec.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new UserError(`${path}: grid point name "${repeated}" is used twice`);
  }
  return specs;
}
