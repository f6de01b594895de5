import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAlertFile } from './alertFile';

function alertFile(alert: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-alert-file-')), 'alert.json');
  writeFileSync(file, JSON.stringify(alert));
  return file;
}

describe('readAlertFile', () => {
  it("writes a single alert's startsAt as Alertmanager's webhook does, not as its API shows it", () => {
    const startsAt = (text: string) => readAlertFile(alertFile({ labels: { a: '1' }, startsAt: text }), 0)[0].startsAt;
    expect(startsAt('2026-12-08T00:00:01.000Z')).toBe('2026-12-08T00:00:01Z');
    expect(startsAt('2026-12-08T00:00:01.120Z')).toBe('2026-12-08T00:00:01.12Z');
    expect(startsAt('2026-12-08T02:00:01.500+02:00')).toBe('2026-12-08T02:00:01.5+02:00');
    expect(startsAt('2026-12-08T00:00:01.123456789Z')).toBe('2026-12-08T00:00:01.123456789Z');
    expect(readAlertFile(alertFile({ labels: { a: '1' } }), Date.UTC(2026, 11, 8))[0].startsAt).toBe(
      '2026-12-08T00:00:00Z'
    );
  });
});
