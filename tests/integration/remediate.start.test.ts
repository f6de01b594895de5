import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { runVigil } from './runVigil';

const cli = buildCliForFile('vigil-remediate-start-build-');
const TOKEN = 'remediate-start-token-0123456789';

function setUp(extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-remediate-start-'));
  const config = writeConfigFile(dir, {
    model_path: dir,
    remediation: { lock: 'file', ...extra },
    activities: [{ name: 'note', match: '{vigil_detector="d"}', action: { type: 'command', argv: ['/bin/true'] } }],
  });
  return { config, stateDir: join(dir, 'remediation') };
}

/** Starts the receiver twice: each must fail with exactly `message` (exit 2), and leave no state lock behind. */
async function refusesTwice(args: string[], stateDir: string, message: string | RegExp): Promise<void> {
  for (const attempt of [1, 2]) {
    const result = await runVigil(cli(), ['remediate', ...args], {
      env: { PATH: process.env.PATH ?? '', VIGIL_REMEDIATE_TOKEN: TOKEN },
      timeoutMs: 30_000,
    });
    expect([attempt, result.code]).toEqual([attempt, 2]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.replace(/^vigil: /, '').trim()).toMatch(message);
    expect(existsSync(join(stateDir, 'remediate.lock'))).toBe(false);
  }
}

describe('vigil remediate, given a start it cannot make', () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise((done) => taken.close(done)));

  it('--port out of range', async () => {
    const { config, stateDir } = setUp();
    await refusesTwice(
      ['--config', config, '--port', '99999'],
      stateDir,
      'remediate: --port must be an integer from 0 to 65535, got "99999"'
    );
  });

  it('--host not an address of this machine', async () => {
    const { config, stateDir } = setUp();
    await refusesTwice(
      ['--config', config, '--host', '192.0.2.1', '--port', '0'],
      stateDir,
      'remediate: cannot listen on 192.0.2.1:0: --host "192.0.2.1": not an address of this machine'
    );
  });

  it('a port in use, from --port or remediation.listen_port', async () => {
    const flag = setUp();
    await refusesTwice(
      ['--config', flag.config, '--host', '127.0.0.1', '--port', String(takenPort)],
      flag.stateDir,
      `remediate: cannot listen on 127.0.0.1:${takenPort}: --port ${takenPort}: the port is already in use`
    );
    const key = setUp({ listen_port: takenPort });
    await refusesTwice(
      ['--config', key.config, '--host', '127.0.0.1'],
      key.stateDir,
      `remediate: cannot listen on 127.0.0.1:${takenPort}: remediation.listen_port ${takenPort} (${key.config}): the port is already in use`
    );
  });

  it('a state file cut short, naming it', async () => {
    const { config, stateDir } = setUp();
    mkdirSync(stateDir, { recursive: true });
    const state = join(stateDir, 'state.json');
    writeFileSync(
      state,
      '{"version":1,"guard":{"actions":{},"lastAction":{},"refused":{}},"locks":{"note alert/f1":{"fing'
    );
    await refusesTwice(
      ['--config', config, '--host', '127.0.0.1', '--port', '0'],
      stateDir,
      new RegExp(
        `^${state.replace(/[.]/g, '\\.')}: not valid JSON \\(.+\\): it holds the locks, cooldowns and records not yet in Git; repair it, or move it aside to start afresh \\(locks and cooldowns forgotten\\)$`
      )
    );
  });
});
