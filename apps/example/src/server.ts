// startExampleApp: createExampleApp plus an HTTP listener (port 0 picks a
// free port), returning the URL and a close() that drains connections.
import type { AddressInfo } from 'node:net';
import { connectRedis } from '@alice-face/redis-connection';
import { createExampleApp, type ExampleApp } from './app.js';
import type { ExampleAppOptions } from './config.js';

export interface StartExampleAppOptions extends ExampleAppOptions {
  port?: number;
  host?: string;
  /** Connects to this Redis and shares sessions, limits and used ids there (closed with the app). */
  redisUrl?: string | undefined;
}

export interface RunningExampleApp {
  url: string;
  example: ExampleApp;
  close(): Promise<void>;
}

export async function startExampleApp({ port = 0, host = '127.0.0.1', redisUrl, ...options }: StartExampleAppOptions): Promise<RunningExampleApp> {
  const redis = redisUrl ? await connectRedis(redisUrl, { onError: (err) => console.error(`Redis: ${err.message}`) }) : undefined;
  let example: ExampleApp;
  try {
    example = createExampleApp(redis ? { ...options, redis } : options);
  } catch (err) {
    redis?.destroy();
    throw err;
  }
  const server = example.app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    example,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      example.close();
      redis?.destroy();
    },
  };
}
