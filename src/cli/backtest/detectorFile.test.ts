import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDetectorGridFile, loadDetectorSpecFile } from './detectorFile';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-detector-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(text: string): string {
  const file = join(dir, 'detector.yaml');
  writeFileSync(file, text);
  return file;
}

const errorOf = (load: () => unknown) => {
  try {
    load();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('a detector file', () => {
  it('names the line of an unknown key: its own, for a block too', () => {
    const file = write('sensitivity: 0.5\nmodle:\n  kind: default\n');
    expect(errorOf(() => loadDetectorSpecFile(file, () => undefined))).toBe(`${file}:2: modle: unknown key`);
    const params = write('model:\n  kind: knn_cad\n  params:\n    k: 2\n    trees: 50\n');
    expect(errorOf(() => loadDetectorSpecFile(params, () => undefined))).toBe(
      `${params}:5: model.params.trees: unknown key`
    );
  });

  it('names the line of the nearest key when the issue is inside a value (an ensemble member)', () => {
    const file = write('model:\n  kind: ensemble\n  params:\n    members: knn_cad+bogus\n');
    expect(errorOf(() => loadDetectorSpecFile(file, () => undefined))).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:4: model\\.params\\.members\\.1: Invalid option`)
    );
  });

  it('names the line of a grid entry with the issue', () => {
    const file = write('- name: a\n- name: b\n  sensitivity: 2\n');
    expect(errorOf(() => loadDetectorGridFile(file, () => undefined))).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:3: 1\\.sensitivity: Too big`)
    );
  });

  it('refuses a grid entry with a multivariate block, and passes on a warning for one with a forecast block', () => {
    const file = write(
      '- name: a\n  forecast: { horizon: 1h }\n- name: b\n  multivariate: { on: [job], queries: { b: up } }\n'
    );
    const warnings: string[] = [];
    expect(errorOf(() => loadDetectorGridFile(file, (message) => warnings.push(message)))).toBe(
      `${file}:4: 1.multivariate: a file run scores one series; a multivariate detector runs in vigil detect, vigil serve or the panel`
    );
    expect(warnings).toEqual([
      `${file}:2: 0.forecast: ignored: a file run scores the rows given and forecasts nothing (forecasts run in vigil serve and the panel)`,
    ]);
  });
});
