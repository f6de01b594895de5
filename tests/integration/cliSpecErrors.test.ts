import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCliForFile } from './deployCliBuild';
import { runVigil } from './runVigil';

const cli = buildCliForFile('vigil-spec-errors-build-');

/** The built CLI with the PATH only (no variable of the test run's reaches it). */
const vigil = (args: string[]) => runVigil(cli(), args, { env: { PATH: process.env.PATH ?? '' } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-spec-errors-'));
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A config with one detector whose spec adds `detectorYaml` (indented under the list entry). */
function config(name: string, detectorYaml: string): string {
  return write(
    name,
    `prometheus_url: http://127.0.0.1:1\ndetectors:\n  - id: mem\n    name: mem\n    query: up\n${detectorYaml}`
  );
}

/** A short CSV: enough rows to score, none to spare. */
function csv(): string {
  const start = Date.UTC(2024, 0, 1);
  const rows = Array.from({ length: 50 }, (_, i) => `${start / 1000 + i * 60},${i % 7}`);
  return write('series.csv', `timestamp,value\n${rows.join('\n')}\n`);
}

describe('a mistake in a detector spec is one line naming the file, line and key, exit 2', () => {
  it('drift.params of the default kind: config check refuses what detect would fail on, score does too', async () => {
    const file = config('drift.yaml', '    drift:\n      params:\n        maxBuckets: 0.5\n');
    const check = await vigil(['config', 'check', '--config', file]);
    expect(check).toMatchObject({ code: 2, stdout: '' });
    expect(check.stderr).toBe(
      `vigil: ${file}:8: detectors[0].drift.params.maxBuckets: Invalid input: expected int, received number\n`
    );
    const detector = write('delta.yaml', 'drift:\n  method: adwin\n  params:\n    delta: 5\n');
    const score = await vigil(['score', '--input', csv(), '--output', join(dir, 'o.csv'), '--detector', detector]);
    expect(score.code).toBe(2);
    expect(score.stderr).toBe(`vigil: ${detector}:4: drift.params.delta: Too big: expected number to be <1\n`);
  });

  it('a multivariate block with a kind it cannot run: config check names the kinds it can', async () => {
    const file = config(
      'mv.yaml',
      '    model:\n      kind: knn_cad\n      params:\n        dim: 7\n    multivariate:\n      on: [instance]\n      queries:\n        latency: up2\n'
    );
    const check = await vigil(['config', 'check', '--config', file]);
    expect(check).toMatchObject({ code: 2, stdout: '' });
    expect(check.stderr).toBe(
      `vigil: ${file}:7: detectors[0].model.kind: a multivariate detector runs one of default, isolation_forest, autoencoder, vae, lstm_autoencoder; not knn_cad\n`
    );
  });

  it('model.params: config check refuses a key the kind does not take, as detect would', async () => {
    const file = config(
      'params.yaml',
      '    model:\n      kind: isolation_forest\n      params:\n        sampleSize: 1\n'
    );
    const check = await vigil(['config', 'check', '--config', file]);
    expect(check).toMatchObject({ code: 2, stdout: '' });
    expect(check.stderr).toBe(
      `vigil: ${file}:9: detectors[0].model.params.sampleSize: Too small: expected number to be >=2\n`
    );
  });

  it('score: a multivariate block is refused, not scored as one series; a forecast block is a warning', async () => {
    const multivariate = write('mv.yaml', 'multivariate:\n  on: [instance]\n  queries:\n    latency: lat\n');
    const output = join(dir, 'o.csv');
    const refused = await vigil(['score', '--input', csv(), '--output', output, '--detector', multivariate]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `vigil: ${multivariate}:1: multivariate: a file run scores one series; a multivariate detector runs in vigil detect, vigil serve or the panel\n`
    );
    const forecast = write('fc.yaml', 'forecast:\n  horizon: 2h\n');
    const warned = await vigil(['score', '--input', csv(), '--output', output, '--detector', forecast]);
    expect(warned.code).toBe(0);
    expect(warned.stderr.split('\n')[0]).toBe(
      `vigil score: warning: ${forecast}:1: forecast: ignored: a file run scores the rows given and forecasts nothing (forecasts run in vigil serve and the panel)`
    );
  });
});
