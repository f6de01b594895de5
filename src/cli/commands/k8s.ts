import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { EXIT_OK, UserError, type CliCommand } from '../command';
import { loadConfig, type VigilConfig } from '../config/loadConfig';
import { secretsInConfig } from '../k8s/configSecrets';
import { longestScheduleGapSeconds, scheduleEvery } from '../k8s/cronInterval';
import { kustomizeDirectory } from '../k8s/kustomizeDirectory';
import { buildManifests } from '../k8s/manifests';
import { ensureDirectory } from '../state/ensureDirectory';
import { parseRenderArgs, type RenderRequest } from '../k8s/renderOptions';
import { toYamlStream } from '../k8s/yamlDocuments';
import { writeOutputFile } from '../state/outputFile';
import { quoteInput } from '../../engine/util/quote';
import { formatDuration, parseDuration } from '../../engine/duration';
import { minScoringWindowMs } from '../run/readOverlap';

const USAGE = `Usage: vigil k8s render [options]

Prints the Kubernetes objects that run Vigil for a config (multi-document YAML), the same objects as
\`kubectl kustomize deploy/k8s/base\` builds for the base's config. Apply with \`| kubectl apply -f -\`.

Options:
  -c, --config PATH     config.yaml to deploy (default: $CONFIG_PATH or ./config.yaml); validated first
      --profile NAME    config profile the pods run with (--profile on detect and serve)
  -n, --namespace NAME  namespace (default: vigil)
      --image REF       container image (default: vigil:latest)
      --shards N        pods per detect run, an Indexed Job (default: 1); above 1 the detect state volume is
                        ReadWriteMany, since the pods may run on different nodes
      --storage-class NAME
                        the detect state volume's StorageClass (default: the cluster's); with --shards
                        above 1, one that offers ReadWriteMany (NFS, CephFS, EFS, Filestore, Azure Files)
      --schedule CRON   the CronJob's schedule, UTC (default: "*/5 * * * *"); its longest gap between runs
                        must be the config's run_interval_seconds, which sets how long alerts last
      --sample-secret   add a vigil-secrets Secret with placeholder values, for a first try (applied over
                        the real Secret, it replaces it); without it, create vigil-secrets yourself
  -o, --out DIR         write a kustomize directory (kustomization.yaml, config.yaml, one file per object)
                        instead of printing; "-o yaml" prints, as kubectl does (a directory named yaml: --out ./yaml)`;

function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`k8s render: cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Alerts live three run intervals (at least 15 minutes): runs further apart than run_interval_seconds let
 * Alertmanager resolve an anomaly between runs, and the next run fire it again.
 */
function checkScheduleMatchesInterval(request: RenderRequest, config: VigilConfig): void {
  const runIntervalSeconds = config.settings.run_interval_seconds;
  const gap = longestScheduleGapSeconds(request.schedule);
  if (gap === runIntervalSeconds) {
    return;
  }
  const profile = request.profile ? ` with profile ${request.profile}` : '';
  const matching = scheduleEvery(runIntervalSeconds);
  const alternative = matching ? `, or --schedule "${matching}"` : '';
  throw new UserError(
    `k8s render: --schedule ${quoteInput(request.schedule)} runs every ${gap} s but run_interval_seconds is ${runIntervalSeconds} (${request.configPath}${profile}): set run_interval_seconds: ${gap} in the config${windowsToRaise(config, gap)}${alternative}`
  );
}

/** What a longer run interval would also need: each scoring window too short to cover it (config check's rule). */
function windowsToRaise(config: VigilConfig, runIntervalSeconds: number): string {
  const raise = config.detectors.flatMap((detector) => {
    const minimum = minScoringWindowMs(runIntervalSeconds * 1000, parseDuration(detector.step)!);
    return parseDuration(detector.scoringWindow)! < minimum
      ? [`${detector.id}'s scoring window to ${formatDuration(minimum)}`]
      : [];
  });
  return raise.length > 0 ? ` and raise ${raise.join(', ')}` : '';
}

function render(request: RenderRequest): number {
  // The pods' own environment is unknown here: validate the file and profile alone.
  const config = loadConfig(request.configPath, { profile: request.profile, env: {} });
  const statePath = config.settings.model_path;
  if (!isAbsolute(statePath)) {
    throw new UserError(
      `${request.configPath}: model_path: must be an absolute path inside the container (such as /var/lib/vigil) to mount the state volume, got ${quoteInput(statePath)}`
    );
  }
  checkScheduleMatchesInterval(request, config);
  const configText = readConfigText(request.configPath);
  const secrets = secretsInConfig(configText, request.configPath);
  if (secrets.length > 0) {
    throw new UserError(
      `k8s render: ${request.configPath} would put secrets into the ConfigMap: ${secrets.join(', ')}; set them as keys of the vigil-secrets Secret (the pods' environment) instead`
    );
  }
  const objects = buildManifests({
    configText,
    statePath,
    listenPort: config.settings.listen_port,
    namespace: request.namespace,
    image: request.image,
    profile: request.profile,
    shards: request.shards,
    schedule: request.schedule,
    storageClass: request.storageClass,
    sampleSecret: request.sampleSecret,
  });
  if (!request.outDir) {
    process.stdout.write(toYamlStream(objects));
    return EXIT_OK;
  }
  const files = kustomizeDirectory(objects, configText);
  ensureDirectory(request.outDir, 'the kustomize directory');
  for (const file of files) {
    writeOutputFile(join(request.outDir, file.path), file.text, 'a manifest');
  }
  process.stdout.write(
    `wrote ${files.length} files to ${request.outDir}; build with: kubectl kustomize ${request.outDir}\n`
  );
  return EXIT_OK;
}

export const k8sCommand: CliCommand = {
  name: 'k8s',
  summary: 'Render the Kubernetes objects (CronJob, Indexed Job shards, serve Deployment) for a config',
  usage: USAGE,
  async run(argv) {
    const [subcommand, ...rest] = argv;
    if (subcommand !== 'render') {
      const problem = subcommand === undefined ? 'missing subcommand' : `unknown subcommand '${subcommand}'`;
      throw new UserError(`k8s: ${problem} (expected: render)\n\n${USAGE}`);
    }
    return render(parseRenderArgs(rest, process.env));
  },
};
