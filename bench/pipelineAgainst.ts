/**
 * The pipeline benchmark (1,000 series x 1,440 points, default detector, each scored causally from an empty
 * detector) for this tree beside a commit, in the same run: `npm run bench:against -- REF [--passes 3]`.
 *
 * On a shared virtual machine the same work takes from 2.3 to 4.9 s of CPU from one hour to the next, so two
 * benchmark runs minutes apart cannot show a change of a few per cent. Here both sides run at once as two child
 * processes pinned to the same core (with `taskset`, where present) and take turns on chunks of 50 series, in
 * alternating order, so both see the same machine. The first pass includes V8's warm-up, as a fresh CLI process or
 * worker pays it; the later ones are warm. The checksums (every score summed) say whether both sides score alike.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build, type Plugin } from 'esbuild';
import { PIPELINE_SERIES, pipelineSeries } from './pipelineSeries';
import { writeSeriesFile } from './seriesFile';

const CHUNK = 50;
const root = path.resolve(__dirname, '..');

function usage(message: string): never {
  console.error(`bench:against: ${message}\nusage: npm run bench:against -- REF [--passes N]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { ref: string; passes: number } {
  const passesAt = argv.indexOf('--passes');
  const passes = passesAt >= 0 ? Number(argv[passesAt + 1]) : 3;
  if (!Number.isInteger(passes) || passes < 1) {
    usage(`--passes wants a whole number of at least 1, not "${argv[passesAt + 1] ?? ''}"`);
  }
  const rest = passesAt >= 0 ? argv.filter((_, i) => i !== passesAt && i !== passesAt + 1) : argv;
  if (rest.length !== 1) {
    usage(rest.length === 0 ? 'name the commit to compare against' : `one commit, not "${rest.join(' ')}"`);
  }
  return { ref: rest[0], passes };
}

function commitOf(ref: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root })
      .toString()
      .trim();
  } catch {
    return usage(`"${ref}" is not a commit of this repository`);
  }
}

/** The worker bundled with the engine of `engineRoot` (this tree's, or a commit's copy of src/). */
async function bundleWorker(engineRoot: string, outfile: string): Promise<void> {
  const engineOf: Plugin = {
    name: 'engine-of',
    setup(context) {
      context.onResolve({ filter: /^\.\.\/src\/engine$/ }, () => ({
        path: path.join(engineRoot, 'src/engine/index.ts'),
      }));
    },
  };
  await build({
    entryPoints: [path.join(root, 'bench/pairedWorker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // As the CLI's bundle: TF.js's ES modules, whose side effects register its CPU backend.
    mainFields: ['module', 'main'],
    nodePaths: [path.join(root, 'node_modules')],
    plugins: [engineOf],
    logLevel: 'error',
  });
}

interface Side {
  ask(request: string): Promise<[number, number]>;
}

/** Every child started, stopped when the comparison ends, however it ends. */
const children: ChildProcess[] = [];

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function startSide(name: string, bundle: string, seriesFile: string, pinned: boolean): Promise<Side> {
  const command = pinned ? ['taskset', '-c', '0', process.execPath] : [process.execPath];
  const child = spawn(command[0], [...command.slice(1), bundle, seriesFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code, signal) => {
    const error = new Error(`the side of ${name} stopped (${signal ?? `exit code ${code}`})`);
    waiting.splice(0).forEach((waiter) => waiter.reject(error));
  });
  const next = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const ask = async (request: string): Promise<[number, number]> => {
    const answer = next();
    child.stdin!.write(`${request}\n`);
    const [cpuSeconds, checksum] = (await answer).split(' ').map(Number);
    return [cpuSeconds, checksum];
  };
  return next().then(() => ({ ask }));
}

async function main(): Promise<void> {
  const { ref, passes } = parseArgs(process.argv.slice(2));
  const commit = commitOf(ref);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-against-'));
  try {
    const refRoot = path.join(scratch, 'ref');
    mkdirSync(refRoot);
    const engineSource = execFileSync('git', ['archive', commit, 'src/engine'], { cwd: root, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', refRoot], { input: engineSource });
    await bundleWorker(refRoot, path.join(scratch, 'ref.js')).catch((error: unknown) =>
      usage(`the engine at ${ref} does not build with this benchmark's worker: ${(error as Error).message}`)
    );
    await bundleWorker(root, path.join(scratch, 'tree.js'));
    const seriesFile = path.join(scratch, 'series.f64');
    writeFileSync(seriesFile, writeSeriesFile(pipelineSeries()));
    const pinned = hasTaskset();
    const [before, after] = await Promise.all([
      startSide(ref, path.join(scratch, 'ref.js'), seriesFile, pinned),
      startSide('this tree', path.join(scratch, 'tree.js'), seriesFile, pinned),
    ]);
    console.log(
      `Pipeline ${PIPELINE_SERIES} x 1,440, default detector: ${ref} (${commit.slice(0, 7)}) beside this tree, ` +
        `${pinned ? 'both on CPU 0' : 'unpinned (no taskset)'}, chunks of ${CHUNK} series taken in turn`
    );
    console.log('pass         before (s CPU)  this tree (s CPU)  ratio  checksums');
    for (let pass = 0; pass < passes; pass++) {
      const total = [0, 0];
      const checksum = [0, 0];
      for (let from = 0, chunk = 0; from < PIPELINE_SERIES; from += CHUNK, chunk++) {
        const request = `${from} ${Math.min(PIPELINE_SERIES, from + CHUNK)}`;
        const order = chunk % 2 === 0 ? [0, 1] : [1, 0];
        for (const k of order) {
          const [cpuSeconds, sum] = await [before, after][k].ask(request);
          total[k] += cpuSeconds;
          checksum[k] += sum;
        }
      }
      const agree = checksum[0] === checksum[1] ? 'equal' : `${checksum[0].toFixed(6)} / ${checksum[1].toFixed(6)}`;
      const label = pass === 0 ? '1 (cold)' : `${pass + 1} (warm)`;
      console.log(
        `${label.padEnd(12)} ${total[0].toFixed(3).padStart(14)}  ${total[1].toFixed(3).padStart(17)}  ` +
          `${(total[1] / total[0]).toFixed(3)}  ${agree}`
      );
    }
  } finally {
    children.forEach((child) => child.kill());
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:against: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
