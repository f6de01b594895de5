import { stringify } from 'yaml';
import { CONFIG_OPTIONS, parseFlags } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { assertDetectorsRunnable, loadConfig } from '../config/loadConfig';
import { maskSecrets } from '../config/maskSecrets';

const USAGE = `Usage: vigil config check [--config FILE] [--profile NAME]

Validates config.yaml (after the profile overlay and environment overrides) and prints the effective
configuration, with webhook URLs, tokens and passwords masked. A config with activities and no detectors
(for \`vigil remediate\`) needs no Prometheus. Exit 0 when valid, 2 otherwise.

Options:
  -c, --config FILE    config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME   overlay profiles.NAME (dev, stage, prod, ...; default: $VIGIL_PROFILE)
  -h, --help           this help`;

async function check(argv: string[]): Promise<number> {
  const flags = parseFlags('config check', argv, CONFIG_OPTIONS);
  const config = loadConfig(flags.config, { profile: flags.profile, requireDetectors: false });
  // Activities alone make a config for `vigil remediate`; detectors need what detect and serve need.
  if (config.detectors.length > 0 || config.activities.length === 0) {
    assertDetectorsRunnable(config);
  }
  const { profiles: _profiles, detectors: _detectors, ...settings } = config.settings;
  const effective = {
    file: config.file,
    profile: config.profile ?? null,
    settings: maskSecrets(settings),
    detectors: config.detectors,
  };
  const activities = config.activities.length;
  const counts = `${config.detectors.length} detector(s)${activities > 0 ? `, ${activities} ${activities === 1 ? 'activity' : 'activities'}` : ''}`;
  process.stdout.write(`# vigil config check: OK (${counts})\n${stringify(effective)}`);
  return EXIT_OK;
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Validate config.yaml and print the effective configuration (secrets masked)',
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'check') {
      throw new UserError(`config: unknown subcommand '${sub ?? ''}'.\n\n${USAGE}`, EXIT_USAGE);
    }
    return check(rest);
  },
};
