import { ClientError, PushgatewayClient, RejectedRequestError } from '../../src/clients';
import { stackUrls, startPushgateway } from '../stack';

async function exposed(): Promise<string> {
  const response = await fetch(`${stackUrls().pushgateway}/metrics`);
  return response.text();
}

function linesOf(text: string, metric: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${metric}{`));
}

describe('PushgatewayClient against a real Pushgateway', () => {
  const job = `vigil_clients_push_${process.pid}_${Date.now()}`;
  const client = () => new PushgatewayClient({ baseUrl: stackUrls().pushgateway });

  it('pushes a group that the Pushgateway exposes with its grouping labels, including a value with a slash', async () => {
    await client().push(
      job,
      { detector: 'cpu load', path: '/var/lib/x' },
      '# TYPE vigil_clients_pushed gauge\nvigil_clients_pushed{phase="a"} 1.5'
    );
    const lines = linesOf(await exposed(), 'vigil_clients_pushed').filter((line) => line.includes(job));
    expect(lines).toEqual([
      `vigil_clients_pushed{detector="cpu load",instance="",job="${job}",path="/var/lib/x",phase="a"} 1.5`,
    ]);
  });

  it('replaces the whole group on push, and deletes it', async () => {
    const group = { detector: 'replace' };
    await client().push(job, group, 'vigil_clients_first 1\nvigil_clients_second 2\n');
    await client().push(job, group, 'vigil_clients_second 3\n');
    let text = await exposed();
    expect(linesOf(text, 'vigil_clients_first').filter((line) => line.includes(job))).toEqual([]);
    expect(linesOf(text, 'vigil_clients_second').filter((line) => line.includes(job))).toEqual([
      `vigil_clients_second{detector="replace",instance="",job="${job}"} 3`,
    ]);

    await client().push(job, group, 'vigil_clients_first 4\n', { replace: false });
    text = await exposed();
    expect(linesOf(text, 'vigil_clients_second').filter((line) => line.includes(job))).toHaveLength(1);
    expect(linesOf(text, 'vigil_clients_first').filter((line) => line.includes(job))).toHaveLength(1);

    await client().deleteGroup(job, group);
    text = await exposed();
    expect(text.split('\n').filter((line) => line.includes(`detector="replace",instance="",job="${job}"`))).toEqual([]);
  });

  it('quotes the Pushgateway when it refuses the body', async () => {
    const error = await client()
      .push(job, {}, 'this is not { the text format')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedRequestError);
    expect((error as Error).message).toMatch(
      /^Pushgateway push \(http:.*\/metrics\/job\/vigil_clients_push_\d+_\d+\) answered HTTP 400: .+/
    );
  });

  it('fails with a clear error when the Pushgateway is gone', async () => {
    const pushgateway = await startPushgateway();
    await pushgateway.stop();
    const gone = new PushgatewayClient({
      baseUrl: pushgateway.url,
      timeoutMs: 500,
      retry: { attempts: 2, baseDelayMs: 50 },
    });
    const error = (await gone.push('vigil', {}, 'x 1\n').catch((e: unknown) => e)) as ClientError;
    expect(error).toBeInstanceOf(ClientError);
    expect(error.message).toBe(
      `Pushgateway push (${pushgateway.url}/metrics/job/vigil): cannot connect (ECONNREFUSED) (gave up after 2 attempts)`
    );
  });
});
