import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { readStateFile, writeStateFile } from './stateFile';

const schema = z.object({ count: z.number() });
const parse = (data: unknown) => schema.parse(data);

function capturingLogger() {
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  return { log, lines };
}

describe('state files', () => {
  it('round-trips versioned JSON written atomically, leaving no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    const file = join(dir, 'sub', 'alerts.json');
    writeStateFile(file, 'alerts', { count: 3 });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['alerts.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, kind: 'alerts', data: { count: 3 } });
    const { log } = capturingLogger();
    expect(readStateFile(file, 'alerts', parse, log)).toEqual({ count: 3 });
    expect(readStateFile(join(dir, 'missing.json'), 'alerts', parse, log)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['an older version', JSON.stringify({ version: 0, kind: 'alerts', data: { count: 1 } })],
    ['invalid content', JSON.stringify({ version: 1, kind: 'alerts', data: { count: 'x' } })],
    ['another kind', JSON.stringify({ version: 1, kind: 'outbox', data: { count: 1 } })],
  ])('warns, sets aside and starts afresh on %s', (_what, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-state-'));
    const file = join(dir, 'alerts.json');
    writeFileSync(file, content);
    const { log, lines } = capturingLogger();
    expect(readStateFile(file, 'alerts', parse, log)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40, file });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((name) => name.startsWith('alerts.json.corrupt-'))).toBe(true);
  });
});
