import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookAlert } from '../../alerting/remediation';
import { postAlert } from './webhookAction';

const alert: WebhookAlert = {
  status: 'firing',
  labels: { vigil_detector: 'd' },
  annotations: {},
  startsAt: '2026-12-05T10:00:00Z',
  endsAt: '',
  generatorURL: '',
  fingerprint: 'f1',
};

/** A port nothing listens on: one the OS gave a server just closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('postAlert', () => {
  let silent: Server | undefined;
  afterAll(() => {
    silent?.closeAllConnections();
    silent?.close();
  });

  it('says why the request failed (its cause), never the URL past its origin', async () => {
    const port = await closedPort();
    await expect(postAlert(`http://127.0.0.1:${port}/hook?token=s3cret`, alert, 'page', 5_000)).rejects.toThrow(
      new Error(`POST http://127.0.0.1:${port}: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`)
    );
    const credentials = `http://vigil:s3cret@127.0.0.1:${port}/hook?token=s3cret`;
    const refused = await postAlert(credentials, alert, 'page', 5_000).catch((error: Error) => error.message);
    expect(refused).toBe(
      `POST http://127.0.0.1:${port}: Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:${port}`
    );
  });

  it('names the timeout of a request left unanswered', async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    await expect(postAlert(`http://127.0.0.1:${port}/hook`, alert, 'page', 50)).rejects.toThrow(
      new Error(`POST http://127.0.0.1:${port}: no answer within 50 ms`)
    );
  });
});
