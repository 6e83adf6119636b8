// A server stopped with deliveries pending and in flight, then started again
// on the same data: every event reaches the receiver, and none that the
// receiver answered 2xx is sent to it again. A delivery claimed by a sender
// that died (kill -9) is taken over once its claim lapses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFor } from './backend.js';
import { startTestServer, type TestServer } from './helpers.js';
import { eventually, FAST, LOOPBACK, results, subscribe } from './webhook-helpers.js';
import { Receiver } from './webhook-receiver.js';

const dirs = [mkdtempSync(join(tmpdir(), 'onboarding-webhooks-restart-')), mkdtempSync(join(tmpdir(), 'onboarding-webhooks-claim-'))];
const receiver = new Receiver();
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await receiver.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const start = async (dataDir: string, dispatch = true) => {
  const s = await startTestServer({ dataDir, webhooks: { ...LOOPBACK, ...FAST, dispatch } });
  servers.push(s);
  return s;
};

describe('webhook deliveries across a restart', () => {
  it('loses none and repeats none that was answered 2xx', async () => {
    await receiver.start();
    const a = await start(dirs[0]!);
    const id = await subscribe(a, receiver.url, 'user_created');
    const users: string[] = [];
    for (let i = 0; i < 5; i++) users.push(await a.createUser());
    await eventually(async () => ((await results(a, id)).filter((r) => r.is_success).length === 5 ? true : undefined), 15_000, 'five deliveries');

    // Down: these wait, with failed attempts.
    await receiver.stop();
    for (let i = 0; i < 10; i++) users.push(await a.createUser());
    await eventually(async () => ((await results(a, id)).filter((r) => !r.is_success).length >= 10 ? true : undefined), 15_000, 'failed attempts');

    // Up but slow: stop the server while deliveries are in flight; it lets them finish and records them.
    receiver.delayMs = 300;
    await receiver.start();
    await receiver.waitFor(6);
    await a.close();
    const beforeRestart = receiver.received.length;

    receiver.delayMs = 0;
    const b = await start(dirs[0]!);
    await eventually(async () => (new Set(receiver.received.map((r) => JSON.parse(r.body).user_id)).size === users.length ? true : undefined), 15_000, 'every user_created');
    await new Promise((done) => setTimeout(done, 400));

    // A request the receiver answered 200 is never sent again (one it never finished answering may be).
    const answered = receiver.received.filter((r) => r.answered === 200).map((r) => r.headers['x-alice-delivery']);
    expect(answered).toHaveLength(users.length);
    expect(new Set(answered).size).toBe(users.length);
    expect(receiver.received.map((r) => JSON.parse(r.body).user_id).sort()).toEqual([...users].sort());
    expect(beforeRestart).toBeGreaterThan(5);
    expect(beforeRestart).toBeLessThan(users.length); // some were left for the restarted server
    const recorded = await results(b, id);
    expect(recorded.filter((r) => r.is_success)).toHaveLength(users.length);
    await b.close();
  });

  it('takes over the deliveries a sender that died had claimed, once its claim lapses', async () => {
    const a = await start(dirs[1]!, false); // writes the outbox, delivers nothing
    await subscribe(a, receiver.url, 'user_deleted');
    const gone = await a.createUser();
    expect((await a.send('DELETE', '/user', await a.backendUserToken(gone))).status).toBe(200);
    await a.close();
    // Another sender claims the delivery and dies before sending it (its claim holds 1.5 s).
    const dead = await storeFor(dirs[1]!);
    const claimedAt = Date.now();
    const claimed = await dead.webhooks.claimDeliveries(new Date(claimedAt).toISOString(), new Date(claimedAt + 1_500).toISOString(), 'dead-sender', 10);
    await dead.close();
    expect(claimed.map((d) => d.event.name)).toEqual(['user_deleted']);

    const before = receiver.received.length;
    await start(dirs[1]!);
    await receiver.waitFor(before + 1);
    const [delivery] = receiver.received.slice(before);
    expect(delivery!.headers['x-alice-delivery']).toBe(claimed[0]!.id);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event_name: 'user_deleted', user_id: gone });
    expect(delivery!.at).toBeGreaterThanOrEqual(claimedAt + 1_500); // not while the claim held
  });
});
