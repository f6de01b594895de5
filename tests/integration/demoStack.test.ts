import { LIVE_ERROR_RATIO, runStackDemo } from '../../scripts/stackDemo';
import { buildCliForFile } from './deployCliBuild';

const cli = buildCliForFile('vigil-demo-stack-build-');

test('npm run demo -- --stack backfills the demo, runs vigil detect and lists the one alert firing now', async () => {
  let output = '';
  const exitCode = await runStackDemo(cli(), (text) => (output += text));

  expect(exitCode).toBe(0);
  const alerts = output.split('\n').filter((line) => line.startsWith('  [active] '));
  expect(alerts).toEqual([expect.stringMatching(/^ {2}\[active\] VigilAnomaly severity=warning since /)]);
  expect(output).toContain(
    `Vigil demo (default detector): demo_http_error_ratio{instance="api-2", job="vigil-demo", scenario="flapping"} ` +
      `is ${LIVE_ERROR_RATIO} outside the expected 0..`
  );
  expect(output).toMatch(/vigil_series_scored_total\{[^}]*vigil_detector="demo"\} 6\n/);
  expect(output).toMatch(/vigil_run_errors_total\{[^}]*vigil_detector="demo"\} 0\n/);
  expect(output).toContain('Servers stopped.');
}, 120_000);
