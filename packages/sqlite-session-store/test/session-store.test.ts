import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionData } from 'express-session';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SESSIONS_TABLE_SQL, SqliteSessionStore } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'session-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function open(): Database.Database {
  const db = new Database(join(dir, `sessions-${files++}.db`));
  db.exec(SESSIONS_TABLE_SQL);
  return db;
}

const sess = (extra: Record<string, unknown> = {}) => ({ cookie: { originalMaxAge: null }, ...extra }) as unknown as SessionData;
const get = (store: SqliteSessionStore, sid: string) =>
  new Promise<{ err: unknown; s: SessionData | null | undefined }>((r) => store.get(sid, (err, s) => r({ err, s })));
const done = (fn: (cb: (err?: unknown) => void) => void) => new Promise<unknown>((r) => fn((err) => r(err)));

describe('SqliteSessionStore', () => {
  it('stores, expires, touches, prunes and destroys sessions', async () => {
    let now = 1_000_000;
    const db = open();
    const store = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 0, defaultTtlMs: 10_000 });
    expect(await done((cb) => store.set('a', sess({ csrfToken: 't' }), cb))).toBeUndefined();
    expect(((await get(store, 'a')).s as { csrfToken?: string })?.csrfToken).toBe('t');
    now += 9_000;
    store.touch('a', sess());
    now += 9_000;
    expect((await get(store, 'a')).s).not.toBeNull();
    now += 20_000;
    expect((await get(store, 'a')).s).toBeNull();
    expect(store.prune()).toBe(1);
    await done((cb) => store.set('b', sess(), cb));
    await done((cb) => store.destroy('b', cb));
    expect((await get(store, 'b')).s).toBeNull();
    store.close();
    db.close();
  });

  it("keeps a session until its cookie's own expiry, and survives a new connection to the file", async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const db = open();
    const name = db.name;
    const store = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 0, defaultTtlMs: 1 });
    const expires = new Date(now + 60_000).toISOString();
    await done((cb) => store.set('c', { cookie: { originalMaxAge: 60_000, expires } } as unknown as SessionData, cb));
    db.close();
    const again = new Database(name);
    const row = again.prepare('SELECT expires_at FROM sessions WHERE sid = ?').get('c') as { expires_at: number };
    expect(row.expires_at).toBe(now + 60_000);
    const reopened = new SqliteSessionStore(again, { now: () => now + 59_999, pruneIntervalMs: 0 });
    expect((await get(reopened, 'c')).s).not.toBeNull();
    again.close();
  });

  it('clear removes every session', async () => {
    const db = open();
    const store = new SqliteSessionStore(db, { pruneIntervalMs: 0 });
    await done((cb) => store.set('a', sess(), cb));
    await done((cb) => store.set('b', sess(), cb));
    await done((cb) => store.clear(cb));
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('hands database errors to the callback once, and a failed touch does not throw', async () => {
    const db = open();
    const store = new SqliteSessionStore(db, { pruneIntervalMs: 0 });
    db.close();
    expect((await get(store, 'a')).err).toBeInstanceOf(Error);
    const calls: unknown[] = [];
    store.set('a', sess(), (err) => calls.push(err));
    store.destroy('a', (err) => calls.push(err));
    store.clear((err) => calls.push(err));
    expect(calls).toHaveLength(3);
    for (const err of calls) expect(err).toBeInstanceOf(Error);
    const touched = vi.fn();
    expect(() => store.touch('a', sess(), touched)).not.toThrow();
    expect(touched).toHaveBeenCalledOnce();
  });

  it('prunes expired sessions on its timer until closed', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const db = open();
      const store = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 1_000, defaultTtlMs: 500 });
      await done((cb) => store.set('old', sess(), cb));
      now = 600;
      const count = () => (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
      expect(count()).toBe(1);
      vi.advanceTimersByTime(1_000);
      expect(count()).toBe(0);
      store.close();
      await done((cb) => store.set('later', sess(), cb));
      now = 10_000;
      vi.advanceTimersByTime(5_000);
      expect(count()).toBe(1);
      db.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
