import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * Signing in when the network cannot be reached (#5): an adviser who signed in
 * on this computer before opens their casework with their password, checked
 * locally; the desk syncs once the network is back. A real server, a real
 * encrypted store, and a cuttable connection between them.
 */
const FAST_SYNC = { retryMinMs: 100, retryMaxMs: 400 };
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
let proxy: CuttableProxy;
let dir = '';
const desks: Desk[] = [];

const openDesk = async () => {
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: proxy.url, deviceName: 'test', keychain: 'off' },
    FAST_SYNC,
  );
  desks.push(desk);
  return desk;
};

const waitFor = async <T>(probe: () => Promise<T | null | undefined>, ms = 5_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
  dir = mkdtempSync(join(tmpdir(), 'handover-offline-'));
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await proxy.close();
  await net.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing in while the network is down', () => {
  it('opens the casework of someone who signed in here before, and syncs when back', async () => {
    const email = 'alice@northgate.test';
    // Monday: signed in online, a client recorded; the computer is shut down.
    const first = await openDesk();
    const h1 = first.handlers;
    expect(
      await h1['session.signIn']({ serverUrl: proxy.url, email, password: PASSWORD }),
    ).toMatchObject({ ok: true, value: { state: 'locked', newStore: true } });
    expect(await h1['session.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    const created = await h1['clients.create']({
      name: 'Owen Offline',
      dateOfBirth: '1979-01-02',
      phone: '',
      email: '',
      address: '',
      postcode: 'NR1 1AA',
      preferredContact: null,
    });
    expect(created.ok).toBe(true);
    await first.close();

    // Tuesday: the office's connection is down.
    proxy.cut();
    const desk = await openDesk();
    const h = desk.handlers;
    // Someone who never signed in here cannot be checked offline.
    expect(
      await h['session.signIn']({
        serverUrl: proxy.url,
        email: 'bob@riverside.test',
        password: PASSWORD,
      }),
    ).toMatchObject({ ok: false, reason: 'server-unreachable' });
    // A wrong password is refused by the local check, and nothing opens.
    expect(
      await h['session.signIn']({ serverUrl: proxy.url, email, password: 'not the password' }),
    ).toMatchObject({ ok: false, reason: 'wrong-password' });
    expect((await h['session.status']({})).state).toBe('signed-out');

    // The right password: the store is found, then opened with the passphrase.
    expect(
      await h['session.signIn']({
        serverUrl: proxy.url,
        email: 'Alice@Northgate.test',
        password: PASSWORD,
      }),
    ).toMatchObject({ ok: true, value: { state: 'locked', newStore: false } });
    expect(await h['session.unlock']({ passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { state: 'ready', me: { user: { email } } },
    });
    const found = await h['clients.search']({ text: 'Owen' });
    expect(found.map((c) => c.name)).toEqual(['Owen Offline']);
    expect((await h['sync.status']({})).online).toBe(false);

    // Back online: the kept session syncs without signing in again.
    proxy.restore();
    const status = await waitFor(async () => {
      const s = await h['sync.now']({});
      return s.online ? s : null;
    });
    expect(status.online).toBe(true);
    expect((await h['session.status']({})).state).toBe('ready');

    // Signing out ends that: offline, the same password no longer opens the store.
    await h['session.signOut']({});
    proxy.cut();
    expect(
      await h['session.signIn']({ serverUrl: proxy.url, email, password: PASSWORD }),
    ).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await h['session.unlock']({ passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      reason: 'server-unreachable',
    });
    proxy.restore();
  });
});
