import pino from 'pino';
import { Writable } from 'node:stream';
import { RestoreFailures } from './restoreFailures';

/** A pino logger at debug level whose JSON lines are collected. */
function collectingLogger(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

describe('RestoreFailures', () => {
  it('warns once per reason with the count and three series, and logs each series at debug level', () => {
    const { log, lines } = collectingLogger();
    const failures = new RestoreFailures(log, 'cpu');
    for (let i = 0; i < 1000; i++) {
      failures.add(`{instance="node-${i}"}`, 'not a state of the default detector (version 15)');
    }
    failures.add('{instance="other"}', 'Unexpected end of JSON input');
    failures.report();
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        detector: 'cpu',
        series: 1000,
        examples: ['{instance="node-0"}', '{instance="node-1"}', '{instance="node-2"}'],
        reason: 'not a state of the default detector (version 15)',
        msg: 'stored models could not be restored: refitted',
      }),
      expect.objectContaining({ series: 1, examples: ['{instance="other"}'], reason: 'Unexpected end of JSON input' }),
    ]);
    expect(lines.filter((line) => line.level === 20)).toHaveLength(1001);
  });

  it('says nothing when every model was restored, and nothing twice', () => {
    const { log, lines } = collectingLogger();
    const failures = new RestoreFailures(log, 'cpu');
    failures.report();
    failures.add('{instance="a"}', 'broken');
    failures.report();
    failures.report();
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
  });
});
