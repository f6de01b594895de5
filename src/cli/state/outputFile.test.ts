import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { outputTarget, writeOutputFile } from './outputFile';

const dir = () => mkdtempSync(join(tmpdir(), 'vigil-output-'));

describe('writeOutputFile', () => {
  it('replaces a regular file atomically, keeping its permissions', () => {
    const root = dir();
    const file = join(root, 'report.html');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    writeOutputFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(['report.html']);
  });

  it('writes through to a character device (/dev/zero) and leaves the device node a device node', () => {
    expect(outputTarget('/dev/zero', 'the output file')).toEqual({ kind: 'write-through', path: '/dev/zero' });
    writeOutputFile('/dev/zero', 'scores');
    expect(lstatSync('/dev/zero').isCharacterDevice()).toBe(true);
  });

  it('replaces the real target of a symlink, and creates the target of a dangling one', () => {
    const root = dir();
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'a.csv'), 'old');
    symlinkSync(join(root, 'real', 'a.csv'), join(root, 'a.csv'));
    expect(outputTarget(join(root, 'a.csv'), 'x')).toMatchObject({
      kind: 'replace',
      path: join(root, 'real', 'a.csv'),
    });
    writeOutputFile(join(root, 'a.csv'), 'new');
    expect(lstatSync(join(root, 'a.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'real', 'a.csv'), 'utf8')).toBe('new');

    symlinkSync(join(root, 'real', 'b.csv'), join(root, 'b.csv'));
    writeOutputFile(join(root, 'b.csv'), 'created');
    expect(lstatSync(join(root, 'b.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'real', 'b.csv'), 'utf8')).toBe('created');
  });
});

describe('writeFileAtomic', () => {
  it('removes its temp file when the rename fails and leaves the target as it was', () => {
    const root = dir();
    const target = join(root, 'state.json');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    expect(() => writeFileAtomic(target, '{}')).toThrow();
    expect(readdirSync(root)).toEqual(['state.json']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});
