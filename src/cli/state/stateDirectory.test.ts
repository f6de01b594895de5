import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateDirectory } from './stateDirectory';

describe('StateDirectory', () => {
  it("lists the detectors with a state file of its own shard layout, not another layout's nor set-aside files", () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-state-directory-'));
    expect(new StateDirectory(root, { index: 0, count: 1 }).detectorIds()).toEqual([]);
    mkdirSync(join(root, 'detectors'));
    for (const name of [
      'cpu.jsonl',
      'metric-0a1b.jsonl',
      'cpu.jsonl.corrupt-2026',
      'mem.shard-0-of-2.jsonl',
      'disk.shard-1-of-2.jsonl',
    ]) {
      writeFileSync(join(root, 'detectors', name), '');
    }
    expect(new StateDirectory(root, { index: 0, count: 1 }).detectorIds().sort()).toEqual(['cpu', 'metric-0a1b']);
    expect(new StateDirectory(root, { index: 0, count: 2 }).detectorIds()).toEqual(['mem']);
    expect(new StateDirectory(root, { index: 1, count: 2 }).detectorIds()).toEqual(['disk']);
  });
});
