// A built CLI of this package as a child process, resolved once its output
// says it is ready: the reliability tests' servers and the cluster's API
// instances and workers start this way, so they can be SIGTERMed or kill -9ed
// like an operator or a crash would.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedProcess<T> {
  child: ChildProcess;
  /** What `ready` found in the output. */
  value: T;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends the signal; resolves when the process has exited. */
  signal(sig: NodeJS.Signals): Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs `node script ...args` with `env` on top of this process's environment and resolves when
 * `ready(output so far)` returns a value; rejects with the output when it exits before that.
 */
export async function spawnReady<T>(what: string, script: string, args: string[], env: Record<string, string>, ready: (out: string) => T | undefined): Promise<SpawnedProcess<T>> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const value = await new Promise<T>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`The ${what} exited with ${code} before it was ready:\n${out}`)));
    child.stdout!.on('data', () => {
      const found = ready(out);
      if (found !== undefined) resolve(found);
    });
  });
  return {
    child,
    value,
    exited,
    signal: (sig) => {
      child.kill(sig);
      return exited;
    },
    output: () => out,
  };
}
