import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../command';
import { scoreCommand } from './score';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-score-'));
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A daily-seasonal series at 5-minute steps with a spike at row `spikeAt`. */
function seriesRows(rows: number, spikeAt: number): Array<[string, number]> {
  const start = Date.UTC(2014, 3, 1);
  return Array.from({ length: rows }, (_, i) => {
    const time = new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
    const value = 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 4 + (i === spikeAt ? 80 : 0);
    return [time, Number(value.toFixed(3))];
  });
}

function writeCsv(name: string, rows: Array<[string, number | string]>): string {
  const path = join(dir, name);
  writeFileSync(path, `timestamp,value\n${rows.map(([t, v]) => `${t},${v}`).join('\n')}\n`);
  return path;
}

async function score(input: string, extra: string[] = []): Promise<string[][]> {
  const output = join(dir, `out-${Math.random().toString(36).slice(2)}.csv`);
  await expect(scoreCommand.run(['--input', input, '--output', output, ...extra])).resolves.toBe(0);
  return readFileSync(output, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('vigil score', () => {
  it('writes one row per input row, in order, with scores in [0,1], and flags an obvious spike', async () => {
    const rows = seriesRows(1500, 1200);
    const out = await score(writeCsv('in.csv', rows));
    expect(out[0].slice(0, 3)).toEqual(['timestamp', 'value', 'anomaly_score']);
    expect(out).toHaveLength(rows.length + 1);
    out.slice(1).forEach((line, i) => {
      expect(line[0]).toBe(rows[i][0]);
      expect(Number(line[1])).toBe(rows[i][1]);
      const s = Number(line[2]);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    });
    const scores = out.slice(1).map((line) => Number(line[2]));
    const top = scores.indexOf(Math.max(...scores));
    expect(top).toBe(1200);
    expect(out[1201][3]).toBe('1');
  });

  it('is causal: the first k scores do not change when later rows change', async () => {
    const rows = seriesRows(1200, -1);
    const changed = rows.map(([t, v], i): [string, number] => [t, i >= 900 ? v * 3 + 100 : v]);
    const a = await score(writeCsv('a.csv', rows));
    const b = await score(writeCsv('b.csv', changed));
    expect(b.slice(0, 901).map((line) => line[2])).toEqual(a.slice(0, 901).map((line) => line[2]));
    expect(b.slice(901).map((line) => line[2])).not.toEqual(a.slice(901).map((line) => line[2]));
  });

  it('gives every row a score with irregular, repeated and out-of-order timestamps, gaps and missing values', async () => {
    const rows: Array<[string, number | string]> = [
      ['2014-04-01 00:00:00', 1],
      ['2014-04-01 00:00:00', 2],
      ['2014-04-01 00:01:13', 3],
      ['2014-04-01 06:00:00', 4],
      ['2014-04-01 05:00:00', 5],
      ['2014-04-01 07:00:00', ''],
      ['2014-04-03 07:00:00', 'NaN'],
      ['1396418400', 7],
    ];
    const out = await score(writeCsv('irregular.csv', rows));
    expect(out).toHaveLength(rows.length + 1);
    expect(out.slice(1).map((line) => line[0])).toEqual(rows.map(([t]) => t));
    out.slice(1).forEach((line) => expect(Number.isFinite(Number(line[2]))).toBe(true));
  });

  it('uses a detector spec from YAML', async () => {
    const rows = seriesRows(1000, 900);
    const detector = join(dir, 'detector.yaml');
    writeFileSync(
      detector,
      'model:\n  kind: default\n  params:\n    refractory: 0\nsensitivity: 1\nseasonality: none\n'
    );
    const out = await score(writeCsv('in.csv', rows), ['--detector', detector]);
    expect(out).toHaveLength(1001);
  });

  it('writes a counter (counter: true) as the per-second rate it scored, none at the first row and at a reset', async () => {
    const start = Date.UTC(2014, 3, 1) / 1000;
    const rows = Array.from({ length: 600 }, (_, i): [string, number] => [
      String(start + i * 60),
      (i < 400 ? i : i - 400) * 600 + ((i * 7) % 5),
    ]);
    const detector = join(dir, 'counter.yaml');
    writeFileSync(detector, 'counter: true\n');
    const out = await score(writeCsv('counter.csv', rows), ['--detector', detector]);
    const values = out.slice(1).map((line) => line[1]);
    expect([values[0], values[400]]).toEqual(['', '']);
    expect(Number(values[300])).toBeCloseTo((rows[300][1] - rows[299][1]) / 60, 9);
    // The band is of the rate too: about 10 a second.
    expect(Number(out[301][4])).toBeGreaterThan(9);
    expect(Number(out[301][4])).toBeLessThan(11);
  });

  it('names the file and line of a bad row', async () => {
    const input = writeCsv('bad.csv', [
      ['2014-04-01 00:00:00', 1],
      ['2014-04-01 00:05:00', 'twelve'],
    ]);
    await expect(scoreCommand.run(['--input', input, '--output', join(dir, 'o.csv')])).rejects.toThrow(
      `${input}:3: cannot read value "twelve" as a decimal number`
    );
  });

  it('names a missing input file and the key and line of a bad detector spec', async () => {
    await expect(scoreCommand.run(['--input', join(dir, 'nope.csv'), '--output', join(dir, 'o.csv')])).rejects.toThrow(
      /nope\.csv: cannot read the input file \(ENOENT\)/
    );
    const detector = join(dir, 'detector.yaml');
    writeFileSync(detector, 'sensitivity: 0.5\nmodel:\n  kind: neural_net\n');
    const input = writeCsv('ok.csv', seriesRows(10, -1));
    const error = await scoreCommand
      .run(['--input', input, '--output', join(dir, 'o.csv'), '--detector', detector])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(new RegExp(`^${detector.replace(/[.]/g, '\\.')}:3: model\\.kind: `));
  });

  it('names the line of a bad model.params key of the default detector (threshold: quantile)', async () => {
    const detector = join(dir, 'detector.yaml');
    writeFileSync(detector, 'model:\n  kind: default\n  params:\n    threshold: quantile\n');
    const input = writeCsv('ok.csv', seriesRows(10, -1));
    const error = await scoreCommand
      .run(['--input', input, '--output', join(dir, 'o.csv'), '--detector', detector])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      new RegExp(`^${detector.replace(/[.]/g, '\\.')}:4: model\\.params\\.threshold: Invalid option`)
    );
  });

  it('refuses a multivariate block, which a file run cannot score, naming its line', async () => {
    const detector = join(dir, 'detector.yaml');
    writeFileSync(detector, 'sensitivity: 0.5\nmultivariate:\n  on: [instance]\n  queries:\n    latency: lat\n');
    const input = writeCsv('ok.csv', seriesRows(10, -1));
    await expect(
      scoreCommand.run(['--input', input, '--output', join(dir, 'o.csv'), '--detector', detector])
    ).rejects.toThrow(
      `${detector}:2: multivariate: a file run scores one series; a multivariate detector runs in vigil detect, vigil serve or the panel`
    );
  });

  it('scores a spec with a forecast block, warning on stderr that it forecasts nothing', async () => {
    const detector = join(dir, 'detector.yaml');
    writeFileSync(detector, 'sensitivity: 0.5\nforecast:\n  horizon: 2h\n');
    const out = await score(writeCsv('ok.csv', seriesRows(100, -1)), ['--detector', detector]);
    expect(out).toHaveLength(101);
    const written = (process.stderr.write as jest.Mock).mock.calls.map(([text]) => String(text));
    expect(written).toContain(
      `vigil score: warning: ${detector}:2: forecast: ignored: a file run scores the rows given and forecasts nothing (forecasts run in vigil serve and the panel)\n`
    );
  });

  it("warns when a pipeline kind's step is far coarser than the rows' spacing", async () => {
    const detector = join(dir, 'detector.yaml');
    writeFileSync(detector, 'step: 1h\nmodel:\n  kind: seasonal_baseline\n');
    await score(writeCsv('ok.csv', seriesRows(100, -1)), ['--detector', detector]);
    const written = (process.stderr.write as jest.Mock).mock.calls.map(([text]) => String(text));
    expect(written.filter((text) => text.includes('rows of history'))).toHaveLength(1);
  });

  it('requires --input and --output', async () => {
    await expect(scoreCommand.run(['--input', 'x.csv'])).rejects.toThrow('--input and --output are required');
  });
  it('writes through a symlink to its target, keeping the link, and into a FIFO without replacing it', async () => {
    const input = writeCsv('in.csv', seriesRows(300, 250));
    const target = join(dir, 'real.csv');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.csv');
    symlinkSync(target, link);
    await expect(scoreCommand.run(['--input', input, '--output', link])).resolves.toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^timestamp,value,anomaly_score/);

    const fifo = join(dir, 'scores.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    await expect(scoreCommand.run(['--input', input, '--output', fifo])).resolves.toBe(0);
    await closed;
    expect(received.split('\n')).toHaveLength(302);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('refuses a directory as --output with one line, exit 2, leaving no temp file behind', async () => {
    const input = writeCsv('in.csv', seriesRows(300, 250));
    const target = join(dir, 'out.csv');
    mkdirSync(target);
    const error = await scoreCommand.run(['--input', input, '--output', target]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`${target}: cannot write the output file there: it is a directory`);
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'out.csv']);
  });
});
