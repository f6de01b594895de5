import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A TCP port that was free on the loopback interface a moment ago (the OS picks it for port 0). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') {
          reject(new Error('could not read the port of a loopback listener'));
        } else {
          resolve(address.port);
        }
      });
    });
  });
}
