import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a real server that makes the server look broken
 * for one thing: a `POST …/commands` whose body contains `marker` is answered
 * 500 (as a server bug on that command would be); everything else goes
 * through untouched, streams included. For tests of what the desk does when
 * the network fails on one command (#12).
 */
export type FaultProxy = {
  url: string;
  port: number;
  /** How many requests were answered 500 by the proxy. */
  faults(): number;
  close(): Promise<void>;
};

export const startFaultProxy = async (targetPort: number, marker: string): Promise<FaultProxy> => {
  let faults = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.endsWith('/commands') && body.includes(marker)) {
        faults += 1;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal' }));
        return;
      }
      const upstream = request(
        {
          host: '127.0.0.1',
          port: targetPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults: () => faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
