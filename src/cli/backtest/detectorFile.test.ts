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
    expect(errorOf(() => loadDetectorSpecFile(file))).toBe(`${file}:2: modle: unknown key`);
    const params = write('model:\n  kind: knn_cad\n  params:\n    k: 2\n    trees: 50\n');
    expect(errorOf(() => loadDetectorSpecFile(params))).toBe(`${params}:5: model.params.trees: unknown key`);
  });

  it('names the line of the nearest key when the issue is inside a value (an ensemble member)', () => {
    const file = write('model:\n  kind: ensemble\n  params:\n    members: knn_cad+bogus\n');
    expect(errorOf(() => loadDetectorSpecFile(file))).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:4: model\\.params\\.members\\.1: Invalid option`)
    );
  });

  it('names the line of a grid entry with the issue', () => {
    const file = write('- name: a\n- name: b\n  sensitivity: 2\n');
    expect(errorOf(() => loadDetectorGridFile(file))).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:3: 1\\.sensitivity: Too big`)
    );
  });
});
