import { parse } from 'yaml';
import { actionCommitMessage, type ActionRecord, formatActionRecordYaml } from './actionRecord';

const record: ActionRecord = {
  time: '2026-01-01T00:00:00.000Z',
  fingerprint: 'abc123',
  activity: 'restart-db',
  target: 'Deployment/prod/db',
  outcome: 'succeeded',
  durationMs: 412.6,
  labels: { instance: 'x"\n- outcome: forged\n#: {{ $(id) }}', severity: 'critical' },
  detail: 'restarted',
};

describe('the Git record format', () => {
  it('is a YAML list item that reads back exactly, whatever the labels hold', () => {
    const text = formatActionRecordYaml(record) + formatActionRecordYaml({ ...record, outcome: 'refused_cooldown' });
    const parsed = parse(text) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toEqual({
      time: record.time,
      fingerprint: 'abc123',
      activity: 'restart-db',
      target: 'Deployment/prod/db',
      outcome: 'succeeded',
      duration_ms: 413,
      labels: record.labels,
      detail: 'restarted',
    });
    expect(parsed[1].outcome).toBe('refused_cooldown');
  });

  it('has a one-line commit message', () => {
    expect(actionCommitMessage({ ...record, target: 'a\nb' })).toBe(
      'remediation: restart-db succeeded on a b (alert abc123)'
    );
  });
});
