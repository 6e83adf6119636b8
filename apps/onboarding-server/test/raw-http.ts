// A raw HTTP/1.1 exchange over a socket, for what fetch will not send: a
// Content-Length that lies, a body that stalls or stops, chunks by hand.
import { connect } from 'node:net';

export interface Answer { status: number; code: string; message: string }

/** One raw HTTP/1.1 exchange over a socket: what a lying or broken client really sends. */
export function raw(url: string, head: string, chunks: Buffer[], opts: { abort?: boolean } = {}): Promise<Answer | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let got = Buffer.alloc(0);
    const parse = (): Answer | undefined => {
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const header = got.subarray(0, end).toString('latin1');
      const length = Number(/content-length: *(\d+)/i.exec(header)?.[1] ?? NaN);
      const body = got.subarray(end + 4);
      if (!(body.length >= length)) return undefined;
      const error = (JSON.parse(body.subarray(0, length).toString('utf8')) as { error: { code: string; message: string } }).error;
      return { status: Number(header.split(' ')[1]), code: error.code, message: error.message };
    };
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const answer = parse();
      if (answer) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (e) => (opts.abort ? resolve(undefined) : reject(e)));
    socket.on('close', () => resolve(parse()));
    socket.write(head);
    for (const c of chunks) socket.write(c);
    if (opts.abort) setImmediate(() => socket.destroy());
  });
}
