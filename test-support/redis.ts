// A throwaway redis-server for a test run on a free loopback port, with no
// persistence. Each test file takes its own logical database (freshRedisDb),
// so files running side by side never see each other's keys.
import { spawn, execFileSync } from 'node:child_process';
import { createClient } from 'redis';
import { freePort, waitForPort } from './processes.js';

export function redisBin(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const REDIS_DATABASES = 10_000;

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisBin();
  if (!bin) throw new Error('redis-server not found (apt-get install -y redis-server).');
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', String(REDIS_DATABASES)], {
    stdio: 'ignore',
  });
  const killSync = () => child.kill('SIGKILL');
  process.once('exit', killSync);
  await waitForPort(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.removeListener('exit', killSync);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The URL of a logical database no other test file uses (numbered from a counter in database 0). */
export async function freshRedisDb(url: string): Promise<string> {
  const client = createClient({ url });
  await client.connect();
  try {
    const n = await client.incr('test-support:next-db');
    if (n >= REDIS_DATABASES) throw new Error('The test Redis ran out of logical databases.');
    return `${url}/${n}`;
  } finally {
    client.destroy();
  }
}
