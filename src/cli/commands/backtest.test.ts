import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreCausally } from '../../engine';
import {
  NAB_PROFILES,
  nabScoreCorpus,
  nabScoreFile,
  summarizeDetection,
  windowsFromTimeRanges,
  type AlertBudget,
} from '../../engine/evaluation';
import { generateHardServerMetrics } from '../../engine/synthetic/hardServerMetrics';
import { defaultRunSpec, loadDetectorGridFile } from '../backtest/detectorFile';
import { readNabCorpus } from '../backtest/nabCorpus';
import type { BacktestReport } from '../backtest/runBacktest';
import type { CrossValidationReport } from '../backtest/runCrossValidation';
import { backtestCommand } from './backtest';
import { scoreCommand } from './score';

const FIXTURE = join(__dirname, '../../../tests/fixtures/nab');

let dir: string;
let stdout: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-backtest-'));
  stdout = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil backtest', () => {
  it('prints a JSON report over the fixture corpus whose NAB scores match scoring the files directly', async () => {
    await expect(backtestCommand.run(['--corpus', FIXTURE, '--json'])).resolves.toBe(0);
    const report = JSON.parse(stdout) as BacktestReport;
    expect(report.files.map((f) => f.name)).toEqual([
      'artificialWithAnomaly/art_daily_jumpsup.csv',
      'realAdExchange/exchange-3_cpm_results.csv',
      'realTraffic/speed_7578.csv',
    ]);
    expect(report.files.map((f) => f.windows)).toEqual([1, 1, 4]);
    expect(report.totals.windows).toBe(6);
    expect(report.nab.map((p) => p.profile)).toEqual(['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']);
    expect(report.nab.map((p) => [p.nullScore, p.perfectScore])).toEqual([
      [-6, 6],
      [-6, 6],
      [-12, 6],
    ]);

    const corpus = readNabCorpus(FIXTURE);
    const files = corpus.map((file) => ({
      name: file.name,
      scores: scoreCausally(defaultRunSpec(), file.series.timestamps, file.series.values).scores,
      windows: file.windows,
    }));
    NAB_PROFILES.forEach((profile, k) => {
      const direct = nabScoreCorpus(files, profile);
      expect(report.nab[k].normalized).toBeCloseTo(direct.normalized!, 9);
      expect(report.nab[k].threshold).toBe(direct.threshold);
    });
    // The default detector finds the jump in the artificial series.
    expect(report.files[0].summary.event.detectedWindows).toBe(1);
    expect(report.nab[0].normalized).toBeGreaterThan(0);
  });

  it('reports the NAB scores of what `vigil score` writes for each file, the output NAB itself is run on', async () => {
    await expect(backtestCommand.run(['--corpus', FIXTURE, '--json'])).resolves.toBe(0);
    const report = JSON.parse(stdout) as BacktestReport;
    const corpus = readNabCorpus(FIXTURE);
    const files: Array<{ name: string; scores: number[]; windows: (typeof corpus)[number]['windows'] }> = [];
    for (const file of corpus) {
      const output = join(dir, file.name.replace('/', '-'));
      await expect(scoreCommand.run(['--input', join(FIXTURE, 'data', file.name), '--output', output])).resolves.toBe(
        0
      );
      const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1);
      expect(rows).toHaveLength(file.series.values.length);
      files.push({ name: file.name, scores: rows.map((row) => Number(row.split(',')[2])), windows: file.windows });
    }
    NAB_PROFILES.forEach((profile, k) => {
      expect(nabScoreCorpus(files, profile).normalized).toBeCloseTo(report.nab[k].normalized!, 6);
    });
  });

  it('prints tables with the three profiles and writes an HTML report with a plot per file', async () => {
    const html = join(dir, 'report.html');
    await expect(backtestCommand.run(['--corpus', FIXTURE, '--html', html])).resolves.toBe(0);
    expect(stdout).toMatch(/^standard\s+-?\d+\.\d/m);
    expect(stdout).toMatch(/^reward_low_FP_rate\s+-?\d+\.\d/m);
    expect(stdout).toMatch(/^reward_low_FN_rate\s+-?\d+\.\d/m);
    expect(stdout).toContain('realTraffic/speed_7578.csv');
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page.match(/class="labelled-window"/g)).toHaveLength(6);
  });

  it('derives windows from the labels file when the windows file is missing', async () => {
    const corpus = join(dir, 'corpus');
    cpSync(FIXTURE, corpus, { recursive: true });
    rmSync(join(corpus, 'labels', 'combined_windows.json'));
    const files = readNabCorpus(corpus);
    const speed = files.find((f) => f.name === 'realTraffic/speed_7578.csv')!;
    const half = Math.floor(Math.trunc((0.1 * speed.series.values.length) / 4) / 2);
    expect(speed.windows).toHaveLength(4);
    speed.windows.forEach((w, i) => {
      expect(w).toEqual({ start: speed.labelRows[i] - half, end: speed.labelRows[i] + half });
    });
    // The same windows as NAB's own windows file for this series.
    expect(speed.windows).toEqual(readNabCorpus(FIXTURE).find((f) => f.name === speed.name)!.windows);
  });

  it('filters files with --only and rejects a folder that is not a corpus', async () => {
    await expect(backtestCommand.run(['--corpus', FIXTURE, '--only', 'speed_', '--json'])).resolves.toBe(0);
    expect((JSON.parse(stdout) as BacktestReport).files).toHaveLength(1);
    await expect(backtestCommand.run(['--corpus', dir])).rejects.toThrow(/not a corpus in NAB's layout/);
  });

  it('checks the Prometheus source flags before querying', async () => {
    await expect(backtestCommand.run([])).rejects.toThrow('--corpus, --prometheus or --synthetic is required');
    await expect(backtestCommand.run(['--corpus', FIXTURE, '--prometheus', 'http://127.0.0.1:1'])).rejects.toThrow(
      'not several'
    );
    await expect(backtestCommand.run(['--prometheus', 'http://127.0.0.1:1', '--query', 'up'])).rejects.toThrow(
      'needs --query, --labels and --start'
    );
    await expect(
      backtestCommand.run(['--prometheus', 'http://127.0.0.1:1', '--query', 'up', '--labels', 'x', '--start', 'soon'])
    ).rejects.toThrow('--start "soon" is not a time');
    await expect(
      backtestCommand.run([
        '--prometheus',
        'http://127.0.0.1:1',
        '--query',
        'up',
        '--labels',
        'x',
        '--start',
        '100',
        '--step',
        'fast',
      ])
    ).rejects.toThrow('--step "fast" is not a duration');
  });

  it('backtests the hard synthetic server metrics with alerts per week on the normal series', async () => {
    await expect(backtestCommand.run(['--synthetic', '--seeds', '1', '--days', '3', '--json'])).resolves.toBe(0);
    const report = JSON.parse(stdout) as BacktestReport & { synthetic: AlertBudget };
    expect(report.files).toHaveLength(10);
    const normal = report.files.filter((f) => f.name.endsWith('-normal.csv'));
    expect(normal.map((f) => f.name)).toContain('heavy_tailed_latency/seed1-normal.csv');
    expect(normal.every((f) => f.windows === 0)).toBe(true);
    const alerts = normal.reduce((sum, f) => sum + f.summary.load.alerts, 0);
    expect(report.synthetic.normalSeries).toBe(5);
    expect(report.synthetic.alertsPerWeekPerSeries).toBeCloseTo(alerts / ((5 * 3) / 7), 9);
    // Three days at 1 minute: the probation is the first 648 rows (15%).
    const settled = normal.reduce((sum, f) => sum + f.summary.loadAfterProbation.alerts, 0);
    expect(report.synthetic.alertsPerWeekAfterProbation).toBeCloseTo(settled / ((5 * 3 * 0.85) / 7), 9);
    expect(report.synthetic.incidents).toBe(5);
    const found = report.files.filter((f) => f.windows === 1 && f.summary.event.detectedWindows === 1).length;
    expect(report.synthetic.incidentsFound).toBe(found);

    stdout = '';
    await expect(backtestCommand.run(['--synthetic', '--seeds', '1', '--days', '3'])).resolves.toBe(0);
    expect(stdout).toMatch(
      /^Normal series: \d+\.\d\d alerts per week per series over 5 series.*; \d+\.\d\d after NAB's probation/m
    );
    expect(stdout).toMatch(new RegExp(`^Incidents found: ${found}/5`, 'm'));
    await expect(backtestCommand.run(['--synthetic', '--corpus', FIXTURE])).rejects.toThrow('not several');
    for (const seeds of ['0', '8-7', '0-3', '3-', 'a-b', '1.5']) {
      await expect(backtestCommand.run(['--synthetic', '--seeds', seeds])).rejects.toThrow(
        `--seeds must be a count N (1 to N) or a range A-B with 1 <= A <= B, got "${seeds}"`
      );
    }
  });

  it('backtests a range of synthetic seeds, each series as the generator makes it for that seed', async () => {
    const args = ['--synthetic', '--seeds', '6-7', '--days', '2', '--only', 'bursty', '--json'];
    await expect(backtestCommand.run(args)).resolves.toBe(0);
    const report = JSON.parse(stdout) as BacktestReport & { synthetic: AlertBudget };
    expect(report.files.map((f) => f.name)).toEqual([
      'bursty_requests/seed6-incident.csv',
      'bursty_requests/seed6-normal.csv',
      'bursty_requests/seed7-incident.csv',
      'bursty_requests/seed7-normal.csv',
    ]);
    const series = generateHardServerMetrics({ seed: 7, days: 2 }).find(
      (s) => s.scenario === 'bursty_requests' && s.labels.normal === 'true'
    )!;
    const direct = scoreCausally(defaultRunSpec(), series.timestamps, series.values);
    const normal = report.files.find((f) => f.name === 'bursty_requests/seed7-normal.csv')!;
    expect(normal.rows).toBe(2 * 1440);
    expect(normal.summary.load.alerts).toBeGreaterThan(0);
    expect(normal.summary).toEqual(summarizeDetection(series.timestamps, direct.anomalies, []));
    expect(report.synthetic.normalSeries).toBe(2);
  });

  it('backtests the synthetic series at the step given, each as the generator makes it at that step', async () => {
    const args = ['--synthetic', '--seeds', '2', '--days', '3', '--step', '5m', '--only', 'latency', '--json'];
    await expect(backtestCommand.run(args)).resolves.toBe(0);
    const report = JSON.parse(stdout) as BacktestReport & { synthetic: AlertBudget };
    const incident = generateHardServerMetrics({ seed: 2, days: 3, stepMs: 300_000 }).find(
      (s) => s.scenario === 'heavy_tailed_latency' && s.labels.normal !== 'true'
    )!;
    const direct = scoreCausally(defaultRunSpec(), incident.timestamps, incident.values);
    const scored = report.files.find((f) => f.name === 'heavy_tailed_latency/seed2-incident.csv')!;
    expect(scored.rows).toBe(3 * 288);
    expect(scored.windows).toBe(1);
    expect(scored.summary).toEqual(
      summarizeDetection(
        incident.timestamps,
        direct.anomalies,
        windowsFromTimeRanges(incident.timestamps, incident.anomalyWindows)
      )
    );
    for (const step of ['5', '0s']) {
      await expect(backtestCommand.run(['--synthetic', '--step', step])).rejects.toThrow(
        `--step "${step}" is not a duration such as 30s, 1m or 5m`
      );
    }
    await expect(backtestCommand.run(['--synthetic', '--step', '2d'])).rejects.toThrow(
      '--step 2d is longer than a day: the synthetic series have daily cycles'
    );
  });

  describe('--cv category', () => {
    const corpus = readNabCorpus(FIXTURE);
    const scoredWith = (spec: ReturnType<typeof defaultRunSpec>) =>
      corpus.map((file) => ({
        name: file.name,
        scores: scoreCausally(spec, file.series.timestamps, file.series.values).scores,
        windows: file.windows,
      }));

    it('scores each held-out category at the threshold NAB picks on the other categories', async () => {
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--json'])).resolves.toBe(0);
      const report = JSON.parse(stdout) as CrossValidationReport;
      expect(report.folds.map((f) => [f.category, f.files, f.windows])).toEqual([
        ['artificialWithAnomaly', 1, 1],
        ['realAdExchange', 1, 1],
        ['realTraffic', 1, 4],
      ]);
      const files = scoredWith(defaultRunSpec());
      report.folds.forEach((fold, k) => {
        const train = files.filter((_, f) => f !== k);
        NAB_PROFILES.forEach((profile, p) => {
          const chosen = nabScoreCorpus(train, profile);
          const heldOut = nabScoreFile(files[k], profile, chosen.threshold);
          expect(fold.profiles[p].threshold).toBe(chosen.threshold);
          expect(fold.profiles[p].trainNormalized).toBeCloseTo(chosen.normalized!, 9);
          expect(fold.profiles[p].score).toBeCloseTo(heldOut.score, 12);
          expect(fold.profiles[p].falsePositives).toBe(heldOut.falsePositives);
        });
      });
      const normalized = report.folds.map((f) => f.profiles[0].normalized!);
      expect(report.summary[0].mean).toBeCloseTo(normalized.reduce((a, b) => a + b, 0) / 3, 9);
      expect(report.summary[0].worst!.normalized).toBe(Math.min(...normalized));
    });

    it('chooses a grid point per fold on the training categories and prints the table', async () => {
      const grid = join(dir, 'grid.yaml');
      writeFileSync(
        grid,
        [
          '- name: default',
          '- name: short-window',
          '  model:',
          '    kind: default',
          '    params: { window: 300 }',
        ].join('\n')
      );
      await expect(
        backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--cv-grid', grid, '--json'])
      ).resolves.toBe(0);
      const report = JSON.parse(stdout) as CrossValidationReport;
      expect(report.grid.map((g) => [g.name, g.params])).toEqual([
        ['default', {}],
        ['short-window', { window: 300 }],
      ]);
      const byPoint = loadDetectorGridFile(grid, () => undefined).map(scoredWith);
      report.folds.forEach((fold, k) => {
        const trainScores = byPoint.map(
          (files) =>
            nabScoreCorpus(
              files.filter((_, f) => f !== k),
              NAB_PROFILES[0]
            ).normalized!
        );
        const best = trainScores[1] > trainScores[0] ? 1 : 0;
        expect(fold.profiles[0].gridPoint).toBe(best);
        expect(fold.profiles[0].trainNormalized).toBeCloseTo(trainScores[best], 9);
      });

      stdout = '';
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--cv-grid', grid])).resolves.toBe(0);
      expect(stdout).toMatch(/^realTraffic\s+1\s+4\s+-?\d+\.\d/m);
      expect(stdout).toMatch(/^mean\s+-?\d+\.\d/m);
      expect(stdout).toMatch(/^worst fold\s+-?\d+\.\d \w+/m);
      expect(stdout).toContain('short-window: default, sensitivity 0.5, seasonality auto, params {"window":300}');
    });

    it('joins corpora given by repeated --corpus into one set of folds', async () => {
      const first = join(dir, 'first');
      const second = join(dir, 'second');
      cpSync(FIXTURE, first, { recursive: true });
      cpSync(FIXTURE, second, { recursive: true });
      rmSync(join(first, 'data', 'realTraffic'), { recursive: true });
      rmSync(join(second, 'data', 'realAdExchange'), { recursive: true });
      rmSync(join(second, 'data', 'artificialWithAnomaly'), { recursive: true });
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--json'])).resolves.toBe(0);
      const whole = JSON.parse(stdout) as CrossValidationReport;
      stdout = '';
      await expect(
        backtestCommand.run(['--corpus', first, '--corpus', second, '--cv', 'category', '--json'])
      ).resolves.toBe(0);
      const joined = JSON.parse(stdout) as CrossValidationReport;
      expect(joined.folds).toEqual(whole.folds);
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--corpus', first, '--cv', 'category'])).rejects.toThrow(
        'artificialWithAnomaly/art_daily_jumpsup.csv is in more than one --corpus'
      );
    });

    it('reads the SKAB corpus shipped in data/skab: four categories, one window per labelled run', () => {
      const skab = readNabCorpus(join(__dirname, '../../../data/skab'));
      expect(skab).toHaveLength(70);
      expect([...new Set(skab.map((f) => f.name.split('/')[0]))]).toEqual([
        'skabAnomalyFree',
        'skabOther',
        'skabValve1',
        'skabValve2',
      ]);
      expect(skab.filter((f) => f.name.startsWith('skabAnomalyFree/')).every((f) => f.windows.length === 0)).toBe(true);
      expect(skab.reduce((sum, f) => sum + f.windows.length, 0)).toBe(68);
      const valve = skab.find((f) => f.name === 'skabValve1/0_flow.csv')!;
      expect(valve.series.values.length).toBe(1147);
      expect(valve.windows.every((w) => w.end > w.start)).toBe(true);
    });

    it('reads the cloud monitoring corpus shipped in data/cloud-monitoring: nine categories, times in UTC', () => {
      const cloud = readNabCorpus(join(__dirname, '../../../data/cloud-monitoring'));
      expect(cloud).toHaveLength(60);
      expect(new Set(cloud.map((f) => f.name.split('/')[0])).size).toBe(9);
      expect(cloud.reduce((sum, f) => sum + f.windows.length, 0)).toBe(299);
      expect(cloud.filter((f) => f.windows.length === 0).map((f) => f.name)).toEqual([
        'cloudConsumerPurchaseRate/purchase-01.csv',
        'cloudDataIngressRate/ingress-03.csv',
        'cloudMiddleTierApiDependencyLatency/outbound-16.csv',
        'cloudMongodbApplicationRps/mongo-01.csv',
        'cloudMongodbApplicationRps/mongo-04.csv',
        'cloudServiceUnavailable/unavail-01.csv',
      ]);
      const ingress = cloud.find((f) => f.name === 'cloudDataIngressRate/ingress-01.csv')!;
      expect(ingress.series.timestamps[0]).toBe(Date.UTC(2018, 3, 25));
      expect(ingress.series.timestamps[1] - ingress.series.timestamps[0]).toBe(60_000);
      const crashes = cloud.find((f) => f.name === 'cloudApplicationCrashRate1/app1-01.csv')!;
      const [first] = crashes.windows;
      expect([crashes.series.timestamps[first.start], crashes.series.timestamps[first.end]]).toEqual([
        Date.UTC(2018, 6, 8, 14),
        Date.UTC(2018, 6, 8, 18),
      ]);
      const gappy = cloud.find((f) => f.name === 'cloudApplicationCrashRate1/app1-06.csv')!;
      expect(Array.from(gappy.series.values).filter(Number.isNaN)).toHaveLength(26);
    });

    it('rejects what cross-validation cannot do with one line', async () => {
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'file'])).rejects.toThrow(
        '--cv "file" is not a cross-validation scheme'
      );
      await expect(backtestCommand.run(['--prometheus', 'http://127.0.0.1:1', '--cv', 'category'])).rejects.toThrow(
        '--cv category needs --corpus'
      );
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv-grid', 'grid.yaml'])).rejects.toThrow(
        '--cv-grid needs --cv category'
      );
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--only', 'speed_'])).rejects.toThrow(
        'needs files in at least two categories'
      );
      const grid = join(dir, 'grid.yaml');
      writeFileSync(grid, ['- name: a', '- name: b', '  model:', '    kind: forest'].join('\n'));
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--cv-grid', grid])).rejects.toThrow(
        new RegExp(`${grid}:4: 1\\.model\\.kind: `)
      );
      writeFileSync(grid, 'model: { kind: default }\n');
      await expect(backtestCommand.run(['--corpus', FIXTURE, '--cv', 'category', '--cv-grid', grid])).rejects.toThrow(
        'expected a non-empty list of detector specs'
      );
    });
  });
});
