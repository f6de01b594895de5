import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** A program the test stack runs, and the Debian package that provides it. */
export interface StackBinary {
  path: string;
  debianPackage: string;
}

export const BINARIES = {
  prometheus: { path: '/usr/bin/prometheus', debianPackage: 'prometheus' },
  promtool: { path: '/usr/bin/promtool', debianPackage: 'prometheus' },
  alertmanager: { path: '/usr/bin/prometheus-alertmanager', debianPackage: 'prometheus-alertmanager' },
  pushgateway: { path: '/usr/bin/prometheus-pushgateway', debianPackage: 'prometheus-pushgateway' },
} satisfies Record<string, StackBinary>;

export class MissingBinaryError extends Error {
  constructor(binary: StackBinary) {
    super(
      `${binary.path} is missing or not executable; install the Debian package '${binary.debianPackage}' ` +
        `(sudo apt-get install -y ${binary.debianPackage}, or run .ci/run, which installs it)`
    );
    this.name = 'MissingBinaryError';
  }
}

/** Returns the binary's path, or throws an error naming the Debian package to install. */
export function requireBinary(binary: StackBinary): string {
  try {
    fs.accessSync(binary.path, fs.constants.X_OK);
  } catch {
    throw new MissingBinaryError(binary);
  }
  return binary.path;
}

const versions = new Map<string, string>();

/** The version the binary reports (e.g. "2.42.0+ds"), asked once per process. */
export function binaryVersion(binary: StackBinary): string {
  const known = versions.get(binary.path);
  if (known !== undefined) {
    return known;
  }
  const output = execFileSync(requireBinary(binary), ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Some of these programs print their version on stderr; execFileSync only returns stdout.
  const text = output.trim() === '' ? versionFromStderr(binary.path) : output;
  const version = /version (\S+)/.exec(text)?.[1] ?? text.split('\n')[0].trim();
  versions.set(binary.path, version);
  return version;
}

function versionFromStderr(path: string): string {
  return execFileSync('/bin/sh', ['-c', '"$0" --version 2>&1', path], { encoding: 'utf8' });
}
