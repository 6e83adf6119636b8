// `pnpm start`: the whole system on one machine, on loopback ports.
// Starts the self-hosted onboarding server, the example app and the admin
// dashboard in this one process, with an API key and a reviewer account that
// are created on first start, printed that once, and kept in the demo data
// dir (0700; the file 0600): later starts say where they are.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, 'data', 'demo'));
const host = '127.0.0.1';
const ports = {
  onboarding: Number(process.env.ONBOARDING_PORT ?? 4000),
  example: Number(process.env.EXAMPLE_PORT ?? 3000),
  admin: Number(process.env.ADMIN_PORT ?? 3100),
};

const { privateDir, privateFile } = await import('@alice-face/private-files');
privateDir(dataDir);
const credentialsFile = join(dataDir, 'demo-credentials.json');
const created = !existsSync(credentialsFile);
if (created) {
  const fresh = {
    apiKey: `demo_${randomBytes(24).toString('base64url')}`,
    reviewer: { email: 'reviewer@example.com', password: randomBytes(9).toString('base64url') },
  };
  writeFileSync(credentialsFile, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
}
privateFile(credentialsFile);
const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));

const { startOnboardingServer } = await import('@alice-face/onboarding-server');
const { ffmpegInfo } = await import('@alice-face/face-engine/ffmpeg');
const { startExampleApp } = await import('@alice-face/example');
const { startAdminServer } = await import('@alice-face/admin');

console.log('Starting the onboarding server (loading face models)…');
const onboarding = await startOnboardingServer({
  dataDir: join(dataDir, 'onboarding'),
  host,
  port: ports.onboarding,
  apiKey: credentials.apiKey,
  // The example forwards its visitors' recordings from loopback and names each visitor in
  // X-Forwarded-For, so failed authentications count per visitor, not per example app.
  trustProxy: ['loopback'],
  workers: Number(process.env.ONBOARDING_WORKERS ?? 1),
});
const example = await startExampleApp({
  dataDir: join(dataDir, 'example'),
  host,
  port: ports.example,
  onboardingUrl: onboarding.url,
  apiKey: credentials.apiKey,
});
const admin = await startAdminServer({
  dataDir: join(dataDir, 'admin'),
  host,
  port: ports.admin,
  onboardingUrl: onboarding.url,
  apiKey: credentials.apiKey,
  reviewer: credentials.reviewer,
});

const ffmpeg = await ffmpegInfo();
// The secrets are shown once, when they are made; afterwards only where they are kept.
const secrets = created
  ? `
  Created for this demo, shown only now (kept in ${credentialsFile}, mode 0600):
    reviewer: ${credentials.reviewer.email}
    password: ${credentials.reviewer.password}
    API key:  ${credentials.apiKey}`
  : `
  The reviewer account and the API key are in ${credentialsFile} (mode 0600).`;
console.log(`
Face login demo is running (data in ${dataDir}):

  Example app (sign up, enroll, log in):  ${example.url}
  Admin dashboard (review enrollments):   ${admin.url}
  Onboarding API:                         ${onboarding.url}
    uploads decoded by ffmpeg ${ffmpeg.version} (${ffmpeg.source}: ${ffmpeg.path})
${secrets}

Press Ctrl+C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await Promise.allSettled([example.close(), admin.close()]);
  await onboarding.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
