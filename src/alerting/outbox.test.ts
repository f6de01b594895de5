import { type Alert } from './alert';
import { deliveryOrder, emptyOutbox, enqueue, markDelivered, markFailed, parseOutbox, renewExpired } from './outbox';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

function alert(instance: string, startsAtMs: number, endsAtMs: number, value = '1'): Alert {
  return {
    labels: { alertname: 'VigilAnomaly', vigil_detector: 'd', severity: 'warning', instance },
    annotations: { value },
    startsAt: new Date(startsAtMs).toISOString(),
    endsAt: new Date(endsAtMs).toISOString(),
    generatorURL: '',
  };
}

const firing = (instance: string, now: number, value = '1') => alert(instance, T0, now + 15 * MINUTE, value);
const resolved = (instance: string, now: number) => alert(instance, T0, now);

describe('outbox', () => {
  it('keeps the newest firing alert per label set', () => {
    let outbox = enqueue(emptyOutbox(), [firing('a', T0, 'old'), firing('b', T0)], T0);
    outbox = enqueue(outbox, [firing('a', T0 + MINUTE, 'new')], T0 + MINUTE);
    expect(deliveryOrder(outbox).map((a) => [a.labels.instance, a.annotations.value])).toEqual([
      ['b', '1'],
      ['a', 'new'],
    ]);
  });

  it('never drops a resolve for a newer firing alert, and delivers the resolve first', () => {
    let outbox = enqueue(emptyOutbox(), [resolved('a', T0)], T0);
    outbox = enqueue(outbox, [firing('a', T0 + MINUTE)], T0 + MINUTE);
    const order = deliveryOrder(outbox);
    expect(order).toHaveLength(2);
    expect(Date.parse(order[0].endsAt)).toBe(T0);
    expect(Date.parse(order[1].endsAt)).toBeGreaterThan(T0 + MINUTE);
  });

  it('delivers an undelivered firing alert before the newer resolve, which waits for the next delivery', () => {
    let outbox = enqueue(emptyOutbox(), [firing('a', T0)], T0);
    outbox = enqueue(outbox, [resolved('a', T0 + 5 * MINUTE)], T0 + 5 * MINUTE);
    const first = deliveryOrder(outbox);
    expect(first.map((a) => Date.parse(a.endsAt))).toEqual([T0 + 15 * MINUTE]);
    outbox = markDelivered(outbox, first);
    expect(deliveryOrder(outbox).map((a) => Date.parse(a.endsAt))).toEqual([T0 + 5 * MINUTE]);
  });

  it('deduplicates the same alert queued twice in one run', () => {
    const outbox = enqueue(emptyOutbox(), [firing('a', T0), firing('a', T0)], T0);
    expect(outbox.entries).toHaveLength(1);
  });

  it('removes delivered alerts and counts failed attempts on the rest', () => {
    let outbox = enqueue(emptyOutbox(), [firing('a', T0), firing('b', T0)], T0);
    const [first] = deliveryOrder(outbox);
    outbox = markDelivered(outbox, [first]);
    outbox = markFailed(outbox, 'Alertmanager post alerts: cannot connect (ECONNREFUSED)');
    expect(outbox.entries).toHaveLength(1);
    expect(outbox.entries[0]).toMatchObject({ attempts: 1, lastError: expect.stringContaining('ECONNREFUSED') });
    outbox = enqueue(outbox, [firing(outbox.entries[0].alert.labels.instance, T0 + MINUTE)], T0 + MINUTE);
    expect(outbox.entries[0].attempts).toBe(1);
  });

  it('renews a firing alert whose endsAt passed undelivered, however long ago, and leaves resolves as they are', () => {
    let outbox = enqueue(emptyOutbox(), [firing('a', T0), firing('b', T0), resolved('c', T0)], T0);
    outbox = enqueue(outbox, [resolved('a', T0 + 20 * MINUTE)], T0 + 25 * MINUTE);
    const now = T0 + 2 * 24 * 60 * MINUTE;
    const { outbox: renewed, renewed: alerts } = renewExpired(outbox, now, 15 * MINUTE);
    expect(alerts.map((a) => [a.labels.instance, Date.parse(a.endsAt)])).toEqual([
      ['a', now + 15 * MINUTE],
      ['b', now + 15 * MINUTE],
    ]);
    // Still firing alerts, still ahead of the resolve of 'a', which waits for the next delivery.
    const first = deliveryOrder(renewed);
    expect(first.map((a) => [a.labels.instance, Date.parse(a.endsAt)])).toEqual([
      ['c', T0],
      ['a', now + 15 * MINUTE],
      ['b', now + 15 * MINUTE],
    ]);
    expect(deliveryOrder(markDelivered(renewed, first)).map((a) => [a.labels.instance, Date.parse(a.endsAt)])).toEqual([
      ['a', T0 + 20 * MINUTE],
    ]);
    expect(renewExpired(renewed, now, 15 * MINUTE).renewed).toEqual([]);
  });

  it('round-trips through JSON and rejects a corrupt file', () => {
    const outbox = markFailed(enqueue(emptyOutbox(), [firing('a', T0)], T0), 'boom');
    expect(parseOutbox(JSON.parse(JSON.stringify(outbox)))).toEqual(outbox);
    expect(() => parseOutbox({ entries: [{ alert: {} }] })).toThrow(/outbox is corrupt at entries\.0\.alert\.labels/);
  });
});
