// node examples/round-trip.mjs  (after `pnpm build`; needs the fixture set)
// Starts a server on a temp data dir, creates a user, enrols a selfie video,
// enables face login, authenticates with the same clip and prints the scores.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnboardingServer } from '@alice-face/onboarding-server';

const clip = process.argv[2] ?? new URL('../../../../shared/fixtures/videos/real-selfie-2.mp4', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-example-'));
const server = await startOnboardingServer({ dataDir, logLevel: 'warn' });
const call = async (path, init = {}) => (await fetch(server.url + path, init)).json();
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const video = () => {
  const form = new FormData();
  form.append('video', new Blob([readFileSync(clip)], { type: 'video/mp4' }), 'selfie.mp4');
  return form;
};
try {
  const login = (await call('/login_token', { headers: { apikey: server.apiKey } })).token;
  const backend = (await call('/backend_token', { headers: bearer(login) })).token;
  const { user_id } = await call('/user', { method: 'POST', headers: { ...bearer(backend), 'content-type': 'application/json' }, body: '{"email":"ada@example.com"}' });
  const bu = (await call(`/backend_token/${user_id}`, { headers: bearer(login) })).token;
  console.log('selfie', await call('/user/selfie', { method: 'POST', headers: bearer(bu), body: video() }));
  await call('/user/authentication/enable', { method: 'POST', headers: bearer(bu) });
  const { authentication_id } = await call('/user/authenticate', { method: 'POST', headers: bearer(bu), body: video() });
  const { authentication } = await call(`/user/authentication/${authentication_id}`, { headers: bearer(bu) });
  console.log('authentication', { face_liveness: authentication.face_liveness, face_matching: authentication.face_matching });
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
