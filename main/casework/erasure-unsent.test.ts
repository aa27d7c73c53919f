import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * Erasing a client cancels what the desk has not sent about them yet (#5):
 * an adviser refers two clients while the desk is offline, then erases one.
 * The outbox keeps nothing about the erased client, the decrypted store holds
 * no trace of them, and when the desk is back online the server receives the
 * other client's referral and never the erased one's.
 */
const FAST_SYNC = { retryMinMs: 100, retryMaxMs: 400 };
const PASSPHRASE = 'a long enough passphrase';
const ERASED_NAME = 'Ottoline Vexworthy';
const TRACES = [ERASED_NAME, 'Ottoline', 'Vexworthy', '07700954321', 'no gas since Tuesday'];

let net: TestNetwork;
let proxy: CuttableProxy;
const dirs: string[] = [];
const desks: Desk[] = [];

const openDesk = async (serverUrl: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-erase-unsent-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'test', keychain: 'off' },
    FAST_SYNC,
  );
  desks.push(desk);
  const events: DeskEvent[] = [];
  desk.subscribe((e) => events.push(e));
  return { desk, dir, h: desk.handlers };
};

const signIn = async (h: Handlers, serverUrl: string, email: string) => {
  const signedIn = await h['session.signIn']({ serverUrl, email, password: PASSWORD });
  expect(signedIn).toMatchObject({ ok: true, value: { state: 'locked' } });
  const unlocked = await h['session.unlock']({ passphrase: PASSPHRASE });
  expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready' } });
};

const waitFor = async <T>(probe: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** The store file decrypted with its real key, as bytes (every page, free ones included). */
const decryptedStore = async (dir: string, storeId: string): Promise<Buffer> => {
  const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
  const key = await custody.load(storeId, { passphrase: PASSPHRASE });
  if (!key.ok) throw new Error(key.reason);
  const plain = join(dir, 'plain.db');
  copyFileSync(join(dir, 'stores', `${storeId}.db`), plain);
  const conn = new Sqlite(plain);
  conn.pragma(`cipher = 'sqlcipher'`);
  conn.pragma('legacy = 4');
  conn.pragma(`key = "x'${key.value.toString('hex')}'"`);
  conn.pragma('journal_mode = DELETE');
  conn.pragma(`rekey = ''`);
  conn.close();
  key.value.fill(0);
  const bytes = readFileSync(plain);
  rmSync(plain);
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  return bytes;
};

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await proxy.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('erasing a client with referrals not yet sent', () => {
  it('cancels them in the outbox and the store, and the server never receives them', async () => {
    const a = await openDesk(proxy.url);
    await signIn(a.h, proxy.url, 'alice@northgate.test');
    const service = await waitFor(
      async () => (await a.h['directory.search']({ text: 'food', issue: null }))[0],
    );
    const newClient = async (name: string, phone: string | null) => {
      const made = await a.h['clients.create']({
        name,
        dateOfBirth: '1990-01-02',
        phone,
        email: '',
        address: null,
        postcode: 'NR1 1AA',
        preferredContact: null,
      });
      if (!made.ok) throw new Error(made.reason);
      return made.value.id;
    };
    const erased = await newClient(ERASED_NAME, '07700954321');
    const kept = await newClient('Una Untouched', null);
    const refer = async (clientId: string, needs: string) => {
      const sent = await a.h['referrals.send']({
        clientId,
        serviceId: service.id,
        issues: ['food-support'],
        needs,
        urgent: false,
        consent: {
          given: true,
          givenBy: 'client',
          representativeName: null,
          method: 'in-person',
          shared: ['name', 'phone'],
        },
      });
      if (!sent.ok) throw new Error(sent.reason);
      return sent.value.referralId;
    };

    proxy.cut();
    const erasedReferral = await refer(erased, 'Ottoline has no gas since Tuesday');
    const note = await a.h['referrals.act']({
      id: erasedReferral,
      input: { action: 'note', text: 'Ottoline Vexworthy rang again' },
    });
    expect(note.ok).toBe(true);
    const keptReferral = await refer(kept, 'Una needs a food parcel');
    expect(await a.h['sync.status']({})).toMatchObject({ online: false, waiting: 3 });

    // The confirmation screen is told what will be cancelled.
    expect(await a.h['clients.erasureImpact']({ id: erased })).toEqual({
      ok: true,
      value: { unsentReferrals: 1, unsentMessages: 1 },
    });
    expect(await a.h['clients.erasureImpact']({ id: kept })).toEqual({
      ok: true,
      value: { unsentReferrals: 1, unsentMessages: 0 },
    });

    const erasure = await a.h['clients.erase']({ id: erased, confirmName: ERASED_NAME });
    expect(erasure).toMatchObject({
      ok: true,
      value: { cancelledReferrals: 1, cancelledMessages: 1 },
    });
    // Only the other client's referral still waits.
    expect(await a.h['sync.status']({})).toMatchObject({ waiting: 1 });
    expect(await a.h['referrals.get']({ id: erasedReferral })).toEqual({
      ok: false,
      reason: 'referral-not-found',
    });
    const outgoing = await a.h['referrals.list']({ direction: 'outgoing' });
    expect(outgoing.map((r) => r.referral.id)).toEqual([keptReferral]);

    // The decrypted file's pages hold no trace of the erased client.
    const status = await a.h['session.status']({});
    if (status.state !== 'ready') throw new Error('not ready');
    const storeId = status.me.user.id;
    expect(await a.h['session.lock']({})).toMatchObject({ ok: true });
    const bytes = await decryptedStore(a.dir, storeId);
    expect(TRACES.filter((t) => bytes.includes(Buffer.from(t)))).toEqual([]);
    expect(bytes.includes(Buffer.from('Una Untouched'))).toBe(true);
    expect(await a.h['session.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: true });

    // Back online: the other client's referral goes; the erased one never does.
    proxy.restore();
    await waitFor(async () => ((await a.h['sync.status']({})).waiting === 0 ? true : null));
    const onServer = await net.server.db.query<{ id: string }>(
      'SELECT id FROM referrals WHERE id = ANY($1)',
      [[erasedReferral, keptReferral]],
    );
    expect(onServer.map((r) => r.id)).toEqual([keptReferral]);
    const b = await openDesk(net.server.url);
    await signIn(b.h, net.server.url, 'bob@riverside.test');
    await b.h['sync.now']({});
    const incoming = (await b.h['referrals.list']({ direction: 'incoming' })).map(
      (r) => r.referral.id,
    );
    expect(incoming).toContain(keptReferral);
    expect(incoming).not.toContain(erasedReferral);
  });
});
