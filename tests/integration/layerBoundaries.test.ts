import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
  severity: number;
  fatal?: boolean;
}

/*
 * ESLint loads eslint.config.mjs with a dynamic import, which jest's module sandbox cannot run, so the ESLint Node API
 * runs in a plain Node process, loading the repository's config as `npm run lint` does. Type-aware parsing is switched
 * off because these files exist only as text (no tsconfig includes them); the boundary rules need no types.
 */
// Plugins print notices on stdout; the results follow this marker.
const MARKER = '@@vigil-lint-results@@';
const LINT_TEXTS = `
import { ESLint } from 'eslint';
const MARKER = '${MARKER}';
const files = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { project: null } },
    rules: { '@typescript-eslint/no-deprecated': 'off' },
  },
});
const messages = [];
for (const { text, filePath } of files) {
  const [result] = await eslint.lintText(text, { filePath, warnIgnored: true });
  messages.push(result.messages);
}
process.stdout.write(MARKER + JSON.stringify(messages));
`;

/** Lints each text as if it were the file at the given repository path. */
async function lintAs(files: Array<{ path: string; text: string }>): Promise<LintMessage[][]> {
  const input = files.map((file) => ({ text: file.text, filePath: path.join(REPO, file.path) }));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', LINT_TEXTS, JSON.stringify(input)],
    { cwd: REPO, maxBuffer: 16 * 1024 * 1024 }
  );
  return JSON.parse(stdout.slice(stdout.lastIndexOf(MARKER) + MARKER.length)) as LintMessage[][];
}

const isBoundaryProblem = (m: LintMessage) =>
  m.ruleId === 'vigil/layer-boundaries' || m.ruleId === 'no-restricted-globals';

const boundaryErrors = (messages: LintMessage[]) =>
  messages.filter(isBoundaryProblem).map((m) => `${m.line} ${m.ruleId}: ${m.message}`);

const VIOLATING_ENGINE_FILE = `import React from 'react';
import { getBackendSrv } from '@grafana/runtime';
import fs from 'node:fs';
import { queryRange } from '../../clients/prometheus';
import { loadConfig } from 'cli/config/loadConfig';
export { Alert } from '../../alerting/alert';

export function leaky(): number {
  window.alert(String(fs) + String(React) + String(getBackendSrv) + String(queryRange) + String(loadConfig));
  return process.pid;
}
`;

const CLEAN_ENGINE_FILE = `import { z } from 'zod';
import type { Series } from '../series';

export const thresholdSchema = z.object({ limit: z.number() });

export function countAbove(series: Series, limit: number): number {
  return series.values.filter((value) => value > limit).length;
}
`;

const PROBES = [
  { path: 'src/engine/boundaryProbe/violating.ts', text: VIOLATING_ENGINE_FILE },
  {
    path: 'src/alerting/boundaryProbe.ts',
    text: "import { scoreCausally } from '../engine';\nexport const s = scoreCausally;\n",
  },
  { path: 'src/engine/boundaryProbe/clean.ts', text: CLEAN_ENGINE_FILE },
  { path: 'src/clients/boundaryProbe.ts', text: VIOLATING_ENGINE_FILE },
];

describe('layer boundaries of src/engine and src/alerting (eslint.config.mjs)', () => {
  let results: LintMessage[][];

  beforeAll(async () => {
    results = await lintAs(PROBES);
  }, 120_000);

  it('reports every import of another layer, of UI, Grafana or Node, and DOM/Node globals in src/engine', () => {
    expect(boundaryErrors(results[0])).toEqual([
      "1 vigil/layer-boundaries: src/engine must stay pure: imports 'react', which is not one of the pure libraries (zod, @bsull/augurs, yaml, @tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu)",
      "2 vigil/layer-boundaries: src/engine must stay pure: imports '@grafana/runtime', which is not one of the pure libraries (zod, @bsull/augurs, yaml, @tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu)",
      "3 vigil/layer-boundaries: src/engine must stay pure: imports 'node:fs', which is not one of the pure libraries (zod, @bsull/augurs, yaml, @tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu)",
      '4 vigil/layer-boundaries: src/engine must stay pure: reaches outside src/engine/ (into clients/prometheus)',
      '5 vigil/layer-boundaries: src/engine must stay pure: imports src/cli/config/loadConfig, another layer',
      '6 vigil/layer-boundaries: src/engine must stay pure: reaches outside src/engine/ (into alerting/alert)',
      "9 no-restricted-globals: Unexpected use of 'window'. src/engine and src/alerting must stay pure (no DOM or Node globals).",
      "10 no-restricted-globals: Unexpected use of 'process'. src/engine and src/alerting must stay pure (no DOM or Node globals).",
    ]);
    expect(results[0].filter(isBoundaryProblem).map((m) => m.severity)).toEqual(Array(8).fill(2));
  });

  it('applies the same rule to src/alerting', () => {
    expect(boundaryErrors(results[1])).toEqual([
      '1 vigil/layer-boundaries: src/alerting must stay pure: reaches outside src/alerting/ (into engine)',
    ]);
  });

  it('passes a clean engine file that imports only itself and the pure libraries', () => {
    expect(results[2]).toEqual([]);
  });

  it('leaves other layers free to import what they need', () => {
    expect(boundaryErrors(results[3])).toEqual([]);
    expect(results[3].filter((m) => m.fatal)).toEqual([]);
  });
});
