// The onboarding server as its users run it: the built CLI (`onboarding-server serve`) as a child
// process, configured through ONBOARDING_* variables, on a port the system picks, with a data dir of
// its own. The packages' tests and benchmarks drive it over its HTTP API only, so no package depends
// on the app's code; the server's own long-running tests start it this way to signal or kill it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnReady, type SpawnedProcess } from './spawn-ready.js';

export interface ServerProcess extends Omit<SpawnedProcess<string>, 'value'> {
  /** Base URL ending in /onboarding. */
  url: string;
  /** The key given, or the one the server created at its first start (read from its output). */
  apiKey: string;
  dataDir: string;
  /** SIGTERM (the server drains), then removes the data dir when this helper made it. */
  close(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Data dir to use (kept at close); default a new temp dir, removed at close. */
  dataDir?: string;
  /** ONBOARDING_API_KEY; without it the server creates one ("generated at start") and prints it once. */
  apiKey?: string;
  /** More ONBOARDING_* variables (or others, such as AWS_*), over the defaults here. */
  env?: Record<string, string>;
}

/** The `onboarding-server` bin of the workspace's server, found through the repository root's dependencies. */
export function serverCli(): string {
  const manifest = createRequire(join(import.meta.dirname, '..', 'package.json')).resolve('@alice-face/onboarding-server/package.json');
  const bins = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin;
  const cli = join(dirname(manifest), bins['onboarding-server']!);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the onboarding server first (\`pnpm build\`).`);
  return cli;
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onboarding-server-'));
  const env = {
    ONBOARDING_DATA_DIR: dataDir,
    ONBOARDING_PORT: '0',
    ONBOARDING_LOG_LEVEL: 'warn',
    ...(options.apiKey ? { ONBOARDING_API_KEY: options.apiKey } : {}),
    ...options.env,
  };
  const removeDir = () => ownDir && rmSync(dataDir, { recursive: true, force: true });
  let p: SpawnedProcess<string>;
  try {
    p = await spawnReady('onboarding server', serverCli(), ['serve'], env, (out) => /Onboarding API at (\S+)/.exec(out)?.[1]);
  } catch (err) {
    removeDir();
    throw err;
  }
  // A test run that ends without close() (a crash, a failed beforeAll) leaves no server behind.
  const orphan = () => p.child.kill('SIGKILL');
  process.once('exit', orphan);
  void p.exited.then(() => process.off('exit', orphan));
  const configured: string | undefined = env.ONBOARDING_API_KEY;
  const apiKey = configured ?? /API key created[^\n]*\n\s+(\S+)/.exec(p.output())?.[1];
  if (!apiKey) {
    await p.signal('SIGKILL');
    removeDir();
    throw new Error(`The onboarding server printed no API key:\n${p.output()}`);
  }
  return {
    child: p.child,
    exited: p.exited,
    signal: p.signal,
    output: p.output,
    url: p.value,
    apiKey,
    dataDir,
    async close() {
      if (p.child.exitCode === null && p.child.signalCode === null) await p.signal('SIGTERM');
      removeDir();
    },
  };
}
