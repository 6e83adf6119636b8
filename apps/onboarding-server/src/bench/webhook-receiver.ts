// The webhook bench's receiver, run in a child process so it shares neither
// the server's event loop nor its CPU accounting: answers 204 at once and
// records when each delivery arrived and the created_at of its event. The
// parent sends {want: n}; the child answers with the next n arrivals.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  at: number;
  createdAt: string;
  deliveryId: string;
}

if (process.send) {
  let arrivals: Arrival[] = [];
  let want = Number.POSITIVE_INFINITY;
  const flush = () => {
    if (arrivals.length < want) return;
    const batch = arrivals.slice(0, want);
    arrivals = arrivals.slice(want);
    want = Number.POSITIVE_INFINITY;
    process.send!({ arrivals: batch });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(204).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { created_at: string };
      arrivals.push({ at, createdAt: body.created_at, deliveryId: String(req.headers['x-alice-delivery']) });
      flush();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: { want?: number; stop?: true }) => {
    if (m.stop) {
      server.closeAllConnections();
      server.close(() => process.exit(0));
      return;
    }
    want = m.want ?? want;
    flush();
  });
}
