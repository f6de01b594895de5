import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeConfigFile } from './configFile';
import { buildCliForFile } from './deployCliBuild';
import { runVigil } from './runVigil';

const cli = buildCliForFile('vigil-serve-usage-build-');
const serve = (args: string[]) =>
  runVigil(cli(), ['serve', ...args], { env: { PATH: process.env.PATH ?? '' }, timeoutMs: 30_000 });

describe('vigil serve, given a listen address it cannot use', () => {
  let config: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-usage-'));
    config = writeConfigFile(dir, { prometheus_url: 'http://127.0.0.1:1', metrics: ['up'], model_path: dir });
  });

  it.each([
    [['--port', '99999'], 'serve: --port must be an integer from 0 to 65535, got "99999"'],
    [['--host', '999.1.1.1', '--port', '0'], /^serve: cannot listen on 999\.1\.1\.1:0: --host "999\.1\.1\.1": /],
  ])('%j: one line naming the flag, exit 2', async (args, message) => {
    const result = await serve(['--config', config, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.replace(/^vigil: /, '').trim()).toMatch(message);
  });

  it('a port in use: one line naming --port or listen_port and the config file, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    try {
      const flag = await serve(['--config', config, '--host', '127.0.0.1', '--port', String(port)]);
      expect({ code: flag.code, stderr: flag.stderr }).toEqual({
        code: 2,
        stderr: `vigil: serve: cannot listen on 127.0.0.1:${port}: --port ${port}: the port is already in use\n`,
      });
      const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-usage-'));
      const key = writeConfigFile(dir, {
        prometheus_url: 'http://127.0.0.1:1',
        metrics: ['up'],
        model_path: dir,
        listen_port: port,
      });
      const fromConfig = await serve(['--config', key, '--host', '127.0.0.1']);
      expect(fromConfig.code).toBe(2);
      expect(fromConfig.stderr).toBe(
        `vigil: serve: cannot listen on 127.0.0.1:${port}: listen_port ${port} (${key}): the port is already in use\n`
      );
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('--help says what refits on a schedule: refit_every alone', async () => {
    const help = await serve(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'on a schedule only when refit_every (older name: retrain_interval) is set'
    );
  });
});
