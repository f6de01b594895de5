import { parseArgs } from 'node:util';
import { flagError } from '../args';
import { UserError } from '../command';
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE, DEFAULT_SCHEDULE } from './manifests';
import { quoteInput } from '../../engine/util/quote';

export interface RenderRequest {
  configPath: string;
  profile: string | undefined;
  namespace: string;
  image: string;
  shards: number;
  schedule: string;
  storageClass: string | undefined;
  sampleSecret: boolean;
  outDir: string | undefined;
}

const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const STORAGE_CLASS_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const CRON_FIELD = /^[\d*/,\-A-Za-z?]+$/;

function parseShards(text: string): number {
  const shards = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(shards) || shards < 1 || shards > 1000) {
    throw new UserError(`k8s render: --shards must be a whole number from 1 to 1000, got ${quoteInput(text)}`);
  }
  return shards;
}

function checkSchedule(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  const macro = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(schedule.trim());
  if (!macro && (fields.length !== 5 || !fields.every((field) => CRON_FIELD.test(field)))) {
    throw new UserError(
      `k8s render: --schedule must be a cron expression with 5 fields such as "*/5 * * * *", got ${quoteInput(schedule)}`
    );
  }
  return schedule.trim();
}

/**
 * `--out DIR`; `-o yaml`, kubectl's reflex, prints the YAML rather than writing a directory named "yaml"
 * (write one with `--out ./yaml`).
 */
function outDirectory(out: string | undefined): string | undefined {
  if (out === 'yaml') {
    return undefined;
  }
  if (out === 'json' || out === 'name' || out === 'wide') {
    throw new UserError(
      `k8s render: -o/--out takes a directory for a kustomize layout, not an output format like kubectl's "-o ${out}"; without it the objects are printed as YAML`
    );
  }
  return out;
}

/** Parses `vigil k8s render` flags; every mistake is a UserError naming the flag. */
export function parseRenderArgs(argv: string[], env: Record<string, string | undefined>): RenderRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        profile: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        image: { type: 'string' },
        shards: { type: 'string' },
        schedule: { type: 'string' },
        'storage-class': { type: 'string' },
        'sample-secret': { type: 'boolean' },
        out: { type: 'string', short: 'o' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw flagError('k8s render', argv, error);
  }
  const { values } = parsed;
  const namespace = values.namespace ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new UserError(
      `k8s render: --namespace must be a DNS label (lowercase letters, digits, "-", at most 63), got ${quoteInput(namespace)}`
    );
  }
  const image = values.image ?? DEFAULT_IMAGE;
  if (image.trim() === '' || /\s/.test(image)) {
    throw new UserError(`k8s render: --image must be an image reference without spaces, got ${quoteInput(image)}`);
  }
  const storageClass = values['storage-class'];
  if (storageClass !== undefined && !STORAGE_CLASS_PATTERN.test(storageClass)) {
    throw new UserError(
      `k8s render: --storage-class must be a StorageClass name (lowercase letters, digits, "-", "."), got ${quoteInput(storageClass)}`
    );
  }
  if (values.profile !== undefined && values.profile.trim() === '') {
    throw new UserError('k8s render: --profile must not be empty');
  }
  return {
    configPath: values.config ?? env.CONFIG_PATH ?? 'config.yaml',
    profile: values.profile,
    namespace,
    image,
    shards: values.shards === undefined ? 1 : parseShards(values.shards),
    schedule: checkSchedule(values.schedule ?? DEFAULT_SCHEDULE),
    storageClass,
    sampleSecret: values['sample-secret'] ?? false,
    outDir: outDirectory(values.out),
  };
}
