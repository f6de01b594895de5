import { stringify } from 'yaml';
import { CONFIG_OPTIONS, parseFlags } from '../args';
import { EXIT_OK, EXIT_USAGE, UserError, type CliCommand } from '../command';
import { loadConfig } from '../config/loadConfig';
import { maskSecrets } from '../config/maskSecrets';

const USAGE = `Usage: vigil config check [--config FILE] [--profile NAME]

Validates config.yaml (after the profile overlay and environment overrides) and prints the effective
configuration, with webhook URLs, tokens and passwords masked. Exit 0 when valid, 2 otherwise.

Options:
  -c, --config FILE    config file (default: $CONFIG_PATH, else ./config.yaml)
  -p, --profile NAME   overlay profiles.NAME (dev, stage, prod, ...; default: $VIGIL_PROFILE)
  -h, --help           this help`;

async function check(argv: string[]): Promise<number> {
  const flags = parseFlags('config check', argv, CONFIG_OPTIONS);
  const config = loadConfig(flags.config, { profile: flags.profile });
  const { profiles: _profiles, detectors: _detectors, ...settings } = config.settings;
  const effective = {
    file: config.file,
    profile: config.profile ?? null,
    settings: maskSecrets(settings),
    detectors: config.detectors,
  };
  process.stdout.write(`# vigil config check: OK (${config.detectors.length} detector(s))\n${stringify(effective)}`);
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
