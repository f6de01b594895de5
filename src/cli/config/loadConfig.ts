import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { MatcherError, parseMuteRules, type MuteRule } from '../../alerting';
import type { Activity } from '../../alerting/remediation';
import { ActivityError, parseActivities } from './activities';
import { DetectorSpecError, parseDetectorSpec, type DetectorSpec } from '../../engine/detectorSpec';
import { formatDuration, parseDuration } from '../../engine/duration';
import { minScoringWindowMs, OVERLAP_STEPS } from '../run/readOverlap';
import { ConfigError } from './configError';
import { deepMerge } from './deepMerge';
import { applyEnvOverrides } from './envOverrides';
import { metricDetectorSpecs } from './metricDetectors';
import { configSchema, type ConfigFile } from './schema';
import { yamlData } from './yamlData';

export const DEFAULT_CONFIG_PATH = 'config.yaml';

/** The effective configuration: file, then profile overlay, then environment overrides, validated. */
export interface VigilConfig {
  file: string;
  profile: string | undefined;
  settings: ConfigFile;
  detectors: DetectorSpec[];
  mutes: MuteRule[];
  activities: Activity[];
}

export interface LoadConfigOptions {
  profile?: string;
  env?: Record<string, string | undefined>;
  /** false for `vigil remediate`, which acts on alerts and needs neither detectors nor Prometheus. */
  requireDetectors?: boolean;
}

type Path = Array<string | number>;

class SourceLocator {
  constructor(
    private readonly file: string,
    private readonly document: Document,
    private readonly lines: LineCounter,
    private readonly profile: string | undefined,
    private readonly fromEnv: Map<string, string>
  ) {}

  /** "config.yaml:12" (or the profile's line, or the environment variable) for a key path. */
  describe(path: Path): string {
    const top = typeof path[0] === 'string' ? path[0] : undefined;
    if (top && this.fromEnv.has(top)) {
      return `environment variable ${this.fromEnv.get(top)}`;
    }
    const candidates: Path[] = this.profile ? [['profiles', this.profile, ...path], path] : [path];
    for (const candidate of candidates) {
      const line = this.lineOf(candidate);
      if (line !== undefined) {
        return `${this.file}:${line}`;
      }
    }
    return this.file;
  }

  private lineOf(path: Path): number | undefined {
    for (let length = path.length; length > 0; length--) {
      const node = this.document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        return this.lines.linePos(node.range[0]).line;
      }
      if (length < path.length) {
        // Only the exact key or its direct parent is meaningful; further up would point at unrelated lines.
        break;
      }
    }
    return undefined;
  }
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read config ${file}: ${reason}`);
  }
}

function parseYaml(
  file: string,
  text: string
): { document: Document; lines: LineCounter; raw: Record<string, unknown> } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const position = lines.linePos(first.pos[0]);
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    throw new ConfigError(`${where}: invalid YAML: ${first.message.split('\n')[0]}`);
  }
  const raw: unknown = yamlData(document, file) ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) {
    throw new ConfigError(`${file}: the config must be a mapping of keys (such as prometheus_url: ...)`);
  }
  return { document, lines, raw: raw as Record<string, unknown> };
}

function selectProfile(
  file: string,
  raw: Record<string, unknown>,
  profile: string | undefined
): Record<string, unknown> {
  if (!profile) {
    return raw;
  }
  const profiles = (raw.profiles ?? {}) as Record<string, unknown>;
  const overlay = typeof profiles === 'object' && profiles !== null ? profiles[profile] : undefined;
  if (typeof overlay !== 'object' || overlay === null || Array.isArray(overlay)) {
    const known = Object.keys(profiles).join(', ') || 'none';
    throw new ConfigError(`${file}: profile '${profile}' is not defined under profiles: (defined: ${known})`);
  }
  if ('profiles' in overlay) {
    throw new ConfigError(`${file}: profiles.${profile}: a profile cannot define profiles`);
  }
  return deepMerge(raw, overlay as Record<string, unknown>);
}

/** A training window too short for min_points: every series would be skipped on every run, silently. */
function assertCanFit(detector: DetectorSpec, minPoints: number, where: string): void {
  const points = Math.floor(parseDuration(detector.trainingWindow)! / parseDuration(detector.step)!) + 1;
  if (points < minPoints) {
    throw new ConfigError(
      `${where}: trainingWindow ${detector.trainingWindow} at step ${detector.step} holds ${points} points, ` +
        `fewer than min_points (${minPoints}): no series could ever be fitted; lengthen the window or lower min_points`
    );
  }
}

/**
 * A scoring window shorter than the time between two runs (and the steps a run re-reads): every run would leave the
 * points before its window unscored, silently.
 */
function assertScoresBetweenRuns(detector: DetectorSpec, runIntervalSeconds: number, where: string, key: string): void {
  const minimum = minScoringWindowMs(runIntervalSeconds * 1000, parseDuration(detector.step)!);
  if (parseDuration(detector.scoringWindow)! < minimum) {
    throw new ConfigError(
      `${where}: ${key} ${detector.scoringWindow} of detector ${detector.id} is shorter than run_interval_seconds ` +
        `(${runIntervalSeconds}s) plus the ${OVERLAP_STEPS} steps of ${detector.step} a run re-reads: each run would ` +
        `leave points unscored; set ${key} to at least ${formatDuration(minimum)}, or run more often`
    );
  }
}

function buildDetectors(settings: ConfigFile, locator: SourceLocator): DetectorSpec[] {
  const detectors: DetectorSpec[] = [];
  metricDetectorSpecs(settings).forEach((input, index) => {
    detectors.push(parseDetectorSpec(input, `${locator.describe(['metrics', index])}: metrics[${index}]`));
  });
  settings.detectors.forEach((input, index) => {
    try {
      detectors.push(parseDetectorSpec(input, `detectors[${index}]`));
    } catch (error) {
      if (error instanceof DetectorSpecError) {
        const lines = error.issues.map((issue) => {
          const path =
            issue.path === '(root)'
              ? []
              : issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
          return `${locator.describe(['detectors', index, ...path])}: detectors[${index}].${issue.path}: ${issue.message}`;
        });
        throw new ConfigError(lines.join('\n'));
      }
      throw error;
    }
  });
  detectors.forEach((detector, index) => {
    const metric = index < settings.metrics.length;
    const path: Path = metric ? ['metrics', index] : ['detectors', index - settings.metrics.length];
    const name = metric ? `metrics[${index}]` : `detectors[${index - settings.metrics.length}]`;
    assertCanFit(detector, settings.min_points, `${locator.describe(path)}: ${name}`);
    const windowKey = metric ? 'scoring_window' : 'scoringWindow';
    const windowPath: Path = metric
      ? settings.scoring_window === undefined
        ? path
        : [windowKey]
      : [...path, windowKey];
    assertScoresBetweenRuns(
      detector,
      settings.run_interval_seconds,
      `${locator.describe(windowPath)}: ${name}`,
      windowKey
    );
  });
  const seen = new Set<string>();
  for (const detector of detectors) {
    if (seen.has(detector.id)) {
      throw new ConfigError(`${locator.describe(['detectors'])}: detectors: duplicate detector id '${detector.id}'`);
    }
    seen.add(detector.id);
  }
  return detectors;
}

/** What detect, serve and report need beyond the schema: a detector, and a Prometheus (or Grafana) to query. */
export function assertDetectorsRunnable(config: Pick<VigilConfig, 'file' | 'settings' | 'detectors'>): void {
  if (config.detectors.length === 0) {
    throw new ConfigError(
      `${config.file}: metrics: no detector configured (set metrics: [PromQL, ...], detectors: or PROM_QUERY)`
    );
  }
  if (!config.settings.prometheus_url && !config.settings.grafana) {
    throw new ConfigError(`${config.file}: prometheus_url: required (or grafana: for Grafana mode, or PROMETHEUS_URL)`);
  }
}

/**
 * Loads config.yaml: YAML -> profile overlay (`profiles.<name>`, merged key by key) -> environment
 * overrides -> schema. Every error is a ConfigError naming the key and the file (with line) or variable.
 */
export function loadConfig(path: string | undefined, options: LoadConfigOptions = {}): VigilConfig {
  const env = options.env ?? process.env;
  const file = path ?? env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
  const { document, lines, raw } = parseYaml(file, readConfigText(file));
  const profile = options.profile ?? (env.VIGIL_PROFILE || undefined);
  const withProfile = selectProfile(file, raw, profile);
  const { merged, fromEnv } = applyEnvOverrides(withProfile, env);
  const locator = new SourceLocator(file, document, lines, profile, fromEnv);

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const messages = result.error.issues.map((issue) => {
      const keyPath = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      const key =
        keyPath.length > 0
          ? keyPath
              .map((part) => (typeof part === 'number' ? `[${part}]` : part))
              .join('.')
              .replace(/\.\[/g, '[')
          : '(root)';
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
      const located = issue.code === 'unrecognized_keys' ? [...keyPath, issue.keys[0]] : keyPath;
      return `${locator.describe(located)}: ${key}: ${message}`;
    });
    throw new ConfigError(messages.join('\n'));
  }
  const settings = result.data;
  const detectors = buildDetectors(settings, locator);
  if (options.requireDetectors ?? true) {
    assertDetectorsRunnable({ file, settings, detectors });
  }
  let mutes: MuteRule[];
  try {
    mutes = parseMuteRules(settings.mutes);
  } catch (error) {
    if (error instanceof MatcherError) {
      const index = Number(/^mutes\[(\d+)\]/.exec(error.message)?.[1] ?? NaN);
      throw new ConfigError(
        `${locator.describe(Number.isNaN(index) ? ['mutes'] : ['mutes', index])}: ${error.message}`
      );
    }
    throw error;
  }
  let activities: Activity[];
  try {
    activities = parseActivities(settings.activities);
  } catch (error) {
    if (error instanceof ActivityError) {
      const key = error.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
      throw new ConfigError(`${locator.describe(['activities', ...error.path])}: activities${key}: ${error.message}`);
    }
    throw error;
  }
  return { file, profile, settings, detectors, mutes, activities };
}
