import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { CONFIG_PATH_IN_POD } from '../../src/cli/k8s/manifests';
import { freeLoopbackPort } from '../stack/freePort';

const ROOT = resolve(__dirname, '../..');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Dockerfile -> stages of instructions (continuations joined, comments and parser directives dropped). */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && pending === '') {
      continue;
    }
    if (/\\\s*$/.test(line)) {
      pending += line.replace(/\\\s*$/, ' ');
      continue;
    }
    const joined = (pending + line).trim();
    pending = '';
    if (joined) {
      logical.push(joined);
    }
  }
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, rest] = line.match(/^(\w+)\s+(.*)$/)!;
    const upper = keyword.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [name, value] = rest.split('=');
      args[name] = value;
    } else if (upper === 'FROM') {
      const [image, , name] = rest.split(/\s+/);
      const from = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? '');
      stages.push({ from, name: name?.toLowerCase(), instructions: [] });
    } else {
      stages[stages.length - 1].instructions.push({ keyword: upper, args: rest });
    }
  }
  return { args, stages };
}

/** The JSON (exec) form of ENTRYPOINT/CMD: no shell in between, so signals reach node. */
function execForm(text: string | undefined): string[] {
  const parsed = JSON.parse(text ?? 'null');
  expect(Array.isArray(parsed)).toBe(true);
  return parsed;
}

/** Whether `.dockerignore` lets `path` into the build context (Docker's rules: last matching pattern wins). */
function inBuildContext(path: string, patterns: string[]): boolean {
  const toRegex = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .replace(/\*\*\/?/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '.*')}(/.*)?$`
    );
  let included = true;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (toRegex(pattern).test(path)) {
      included = negated;
    }
  }
  return included;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
const ignorePatterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const last = (stage: Stage, keyword: string) =>
  [...stage.instructions].reverse().find((instruction) => instruction.keyword === keyword);

describe('deploy/Dockerfile', () => {
  it('builds on a small Node 20 base in two stages, the runtime with production dependencies only', () => {
    expect(dockerfile.stages.length).toBe(2);
    for (const stage of dockerfile.stages) {
      expect(stage.from).toMatch(/^node:20-(alpine|bookworm-slim|slim)/);
    }
    const build = dockerfile.stages[0];
    const runs = (stage: Stage) =>
      stage.instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args);
    expect(runs(build)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run build:cli']));
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['build:cli']).toBe(
      'node scripts/build-cli.mjs'
    );
    expect(runs(runtime).some((command) => /npm ci --omit=dev/.test(command))).toBe(true);
  });

  it('installs git, ssh and CA certificates (for the Git record) only when built with WITH_GIT=true', () => {
    expect(runtime.instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('WITH_GIT='))?.args).toBe(
      'WITH_GIT=false'
    );
    const install = runtime.instructions.find((i) => i.keyword === 'RUN' && i.args.includes('WITH_GIT'))!;
    const bin = mkdtempSync(join(tmpdir(), 'vigil-docker-run-'));
    const calls = join(bin, 'calls');
    for (const tool of ['apt-get', 'rm']) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${calls}\n`, { mode: 0o755 });
    }
    // The RUN line under sh as Docker runs it, with apt-get and rm recorded instead of run (no globbing: -f).
    const run = (withGit: string) => {
      rmSync(calls, { force: true });
      execFileSync('/bin/sh', ['-fc', install.args], { env: { PATH: `${bin}:/usr/bin:/bin`, WITH_GIT: withGit } });
      return existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
    };
    expect(run('false')).toEqual([]);
    expect(run('true')).toEqual([
      'apt-get update',
      'apt-get install -y --no-install-recommends git openssh-client ca-certificates',
      'rm -rf /var/lib/apt/lists/*',
    ]);
  });

  it('runs as a numeric non-root user with state on a volume', () => {
    const user = last(runtime, 'USER')!.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBe(10001);
    const volume = JSON.parse(last(runtime, 'VOLUME')!.args);
    const config = parse(readFileSync(join(ROOT, 'deploy/k8s/base/config.yaml'), 'utf8'));
    expect(volume).toEqual([config.model_path]);
    const chown = runtime.instructions.find(
      (instruction) => instruction.keyword === 'RUN' && instruction.args.includes('chown')
    );
    expect(chown?.args).toContain(`chown 10001:10001 ${config.model_path}`);
  });

  it('runs vigil detect on the config path the Kubernetes objects mount, with a node healthcheck for serve', () => {
    expect(execForm(last(runtime, 'ENTRYPOINT')?.args)).toEqual(['node', '/app/dist-cli/vigil.js']);
    expect(execForm(last(runtime, 'CMD')?.args)).toEqual(['detect', '--config', CONFIG_PATH_IN_POD]);
    const healthcheck = last(runtime, 'HEALTHCHECK')!;
    expect(healthcheck.args).toMatch(/--interval=\d+s/);
    const command = execForm(healthcheck.args.replace(/^.*?CMD\s+/, ''));
    expect(command[0]).toBe('node');
    const copied = runtime.instructions
      .filter((instruction) => instruction.keyword === 'COPY')
      .map((instruction) => instruction.args.split(/\s+/));
    expect(copied.some((parts) => parts[parts.length - 1] === command[1])).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const sources = dockerfile.stages.flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.startsWith('--from'))
        .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1))
    );
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      if (statSync(join(ROOT, source)).isFile()) {
        expect({ source, inContext: inBuildContext(source, ignorePatterns) }).toEqual({ source, inContext: true });
      }
    }
    expect(inBuildContext('node_modules/yaml/package.json', ignorePatterns)).toBe(false);
    expect(inBuildContext('dist-cli/vigil.js', ignorePatterns)).toBe(false);
  });

  it('has in its context every source the CLI bundle reads, and every package it loads is a production dependency', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'src/cli/main.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      write: false,
      metafile: true,
      outfile: join(ROOT, 'dist-cli/vigil.js'),
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    expect(inputs.filter((input) => !inBuildContext(input, ignorePatterns))).toEqual([]);

    const builtins = new Set(builtinModules);
    const packages = new Set<string>();
    for (const output of Object.values(result.metafile.outputs)) {
      for (const imported of output.imports) {
        if (!imported.external || imported.path.startsWith('node:') || builtins.has(imported.path.split('/')[0])) {
          continue;
        }
        const parts = imported.path.split('/');
        packages.add(imported.path.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
      }
    }
    const dependencies = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies);
    expect(packages.size).toBeGreaterThan(0);
    expect([...packages].filter((name) => !dependencies.includes(name))).toEqual([]);
  });
});

describe('deploy/healthcheck.mjs', () => {
  let server: Server;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/healthz' ? status : 404;
      response.end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  function healthcheck(url: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done) => {
      const child = spawn('node', [join(ROOT, 'deploy/healthcheck.mjs')], {
        env: { ...process.env, VIGIL_HEALTHCHECK_URL: url },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => done({ code, stderr }));
    });
  }

  it('exits 0 when /healthz answers 2xx, 1 otherwise, naming the URL', async () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/healthz`;
    status = 200;
    expect(await healthcheck(url)).toEqual({ code: 0, stderr: '' });
    status = 503;
    const unhealthy = await healthcheck(url);
    expect(unhealthy.code).toBe(1);
    expect(unhealthy.stderr).toContain(`${url} answered 503`);
    const closed = await healthcheck(`http://127.0.0.1:${port}/nothing-here`);
    expect(closed.code).toBe(1);
  });

  it('fails when nothing listens', async () => {
    const port = await freeLoopbackPort();
    const result = await healthcheck(`http://127.0.0.1:${port}/healthz`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/healthcheck: .*fetch failed/);
  });
});
