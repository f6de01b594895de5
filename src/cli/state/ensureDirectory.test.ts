import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../command';
import { ensureDirectory } from './ensureDirectory';

describe('ensureDirectory', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-dir-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the directory and its parents, and leaves an existing one as it is', () => {
    const path = join(root, 'a', 'b');
    ensureDirectory(path, 'the state directory');
    ensureDirectory(path, 'the state directory');
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it('names the path and what it was for when a part of it is a file, or it is one', () => {
    const file = join(root, 'config.yaml');
    writeFileSync(file, 'x');
    expect(() => ensureDirectory(join(file, 'state'), 'the state directory (model_path)')).toThrow(
      new UserError(
        `${join(file, 'state')}: cannot make the state directory (model_path) there: a part of the path is a file`
      )
    );
    expect(() => ensureDirectory(file, "output_csv's directory")).toThrow(
      new UserError(`${file}: cannot make output_csv's directory there: it exists and is not a directory`)
    );
  });
});

describe('ensureDirectory where the file system makes none', () => {
  it('says so instead of retrying forever (Node 20 loops on mkdir -p under /proc)', () => {
    // As root the answer is ENOENT; another user may get EACCES first: either way one line, not a hang.
    expect(() => ensureDirectory('/proc/vigil-report', 'the report')).toThrow(
      /^\/proc\/vigil-report: cannot make the report there: (the file system there holds no new directories|permission denied)$/
    );
  });
});
