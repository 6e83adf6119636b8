// Several senders on one database (the postgres project: two PostgresStores,
// two servers on one PostgreSQL; the sqlite project: two connections to one
// file): claims made at the same moment never share a delivery, and two
// servers dispatching side by side deliver each event once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFor } from './backend.js';
import { startTestServer, type TestServer } from './helpers.js';
import { eventually, FAST, LOOPBACK, subscribe } from './webhook-helpers.js';
import { Receiver } from './webhook-receiver.js';

const dirs = [mkdtempSync(join(tmpdir(), 'onboarding-webhooks-claims-')), mkdtempSync(join(tmpdir(), 'onboarding-webhooks-two-'))];
const receiver = new Receiver();
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await receiver.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('webhook senders sharing one database', () => {
  it('never hands one delivery to two claims made at once', async () => {
    const a = await startTestServer({ dataDir: dirs[0]!, webhooks: { ...LOOPBACK, ...FAST, dispatch: false } });
    servers.push(a);
    await subscribe(a, 'http://127.0.0.1:9/hook', 'user_created');
    for (let i = 0; i < 24; i++) await a.createUser();
    await a.close();

    const stores = [await storeFor(dirs[0]!), await storeFor(dirs[0]!)];
    try {
      const now = new Date().toISOString();
      const until = new Date(Date.now() + 60_000).toISOString();
      const claim = (i: number) => stores[i % 2]!.webhooks.claimDeliveries(now, until, `sender-${i}`, 5);
      const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(i)));
      const ids = batches.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [i, batch] of batches.entries()) expect(batch.every((d) => d.claim === `sender-${i}`)).toBe(true);
      // Whatever was left is claimed next; what is held is claimed by no one.
      const rest = await claim(8);
      const all = [...ids, ...rest.map((d) => d.id)];
      expect(new Set(all).size).toBe(24);
      expect(all).toHaveLength(24);
      expect(await claim(9)).toEqual([]);
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('delivers each event once when two servers dispatch side by side', async () => {
    await receiver.start();
    const a = await startTestServer({ dataDir: dirs[1]!, webhooks: { ...LOOPBACK, ...FAST } });
    servers.push(a);
    const b = await startTestServer({ dataDir: dirs[1]!, apiKey: a.apiKey, webhooks: { ...LOOPBACK, ...FAST } });
    servers.push(b);
    await subscribe(a, receiver.url, 'user_created');
    const users: string[] = [];
    for (let i = 0; i < 20; i++) users.push(await (i % 2 ? b : a).createUser());
    const userIds = () => receiver.received.map((r) => JSON.parse(r.body).user_id as string);
    await eventually(async () => (new Set(userIds()).size === users.length ? true : undefined), 15_000, 'every user_created');
    await new Promise((done) => setTimeout(done, 300));

    expect(userIds().sort()).toEqual([...users].sort());
    const deliveries = receiver.received.map((r) => r.headers['x-alice-delivery']);
    expect(new Set(deliveries).size).toBe(users.length);
    await a.close();
    await b.close();
  });
});
