import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomicWrite';

/** Version of every state file; a file of another version is set aside and its content rebuilt. */
export const STATE_FILE_VERSION = 1;

export type StateKind = 'detector' | 'alerts' | 'outbox';

/**
 * Reads a versioned state file. Missing: undefined. Corrupt, of another version or refused by `parse`:
 * a warning, the file is renamed to `<file>.corrupt-<time>` (kept for inspection, never silently lost)
 * and undefined is returned so the caller starts afresh (refit, empty alert state).
 */
export function readStateFile<T>(
  file: string,
  kind: StateKind,
  parse: (data: unknown) => T,
  log: Logger
): T | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  let problem: string;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; kind?: unknown; data?: unknown };
    if (parsed?.version !== STATE_FILE_VERSION) {
      problem = `state file version ${String(parsed?.version)} is not ${STATE_FILE_VERSION}`;
    } else if (parsed.kind !== kind) {
      problem = `state file holds '${String(parsed.kind)}', expected '${kind}'`;
    } else {
      try {
        return parse(parsed.data);
      } catch (error) {
        problem = `state file content is invalid: ${(error as Error).message}`;
      }
    }
  } catch (error) {
    problem = `state file is not valid JSON (${(error as Error).message})`;
  }
  setAside(file, kind, problem, log);
  return undefined;
}

/** Renames an unreadable state file to `<file>.corrupt-<time>` (kept for inspection) and says so. */
export function setAside(file: string, kind: StateKind, problem: string, log: Logger): void {
  const aside = `${file}.corrupt-${Date.now()}`;
  renameSync(file, aside);
  log.warn(
    { file, movedTo: aside, kind },
    `${problem}; starting afresh (${kind === 'detector' ? 'models will be refitted' : 'rebuilt'})`
  );
}

export function writeStateFile(file: string, kind: StateKind, data: unknown): number {
  mkdirSync(dirname(file), { recursive: true });
  const content = JSON.stringify({ version: STATE_FILE_VERSION, kind, writtenAt: new Date().toISOString(), data });
  writeFileAtomic(file, content);
  return Buffer.byteLength(content);
}
