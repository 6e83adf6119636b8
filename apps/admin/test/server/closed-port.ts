import { createServer } from 'node:net';

/** A loopback URL nothing listens on: a real "onboarding server is down". */
export async function deadOnboardingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/onboarding`;
}
