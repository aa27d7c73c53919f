import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * Two desks (each with its own encrypted store) and a real server on PGlite:
 * the referral slice end to end below the UI, including the outbox offline.
 */
const FAST_SYNC = { retryMinMs: 100, retryMaxMs: 400 };
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
let proxy: CuttableProxy;
const dirs: string[] = [];
const desks: Desk[] = [];

const openDesk = async (serverUrl: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-desk-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'test', keychain: 'off' },
    FAST_SYNC,
  );
  desks.push(desk);
  const events: DeskEvent[] = [];
  desk.subscribe((e) => events.push(e));
  return { desk, dir, events, h: desk.handlers };
};

const signIn = async (h: Handlers, serverUrl: string, email: string) => {
  const signedIn = await h['session.signIn']({ serverUrl, email, password: PASSWORD });
  expect(signedIn).toMatchObject({ ok: true, value: { state: 'locked', newStore: true } });
  const unlocked = await h['session.unlock']({ passphrase: PASSPHRASE });
  expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready' } });
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
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await proxy.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a referral from one desk to another', () => {
  it('travels, is acknowledged, and the referrer sees when and by whom', async () => {
    const a = await openDesk(net.server.url);
    const b = await openDesk(net.server.url);
    await signIn(a.h, net.server.url, 'alice@northgate.test');
    await signIn(b.h, net.server.url, 'bob@riverside.test');

    const created = await a.h['clients.create']({
      name: 'Dana Example',
      dateOfBirth: '1980-05-17',
      phone: '01603 000000',
      email: '',
      address: '1 Test Street',
      postcode: 'nr1 3ab',
      preferredContact: 'phone',
    });
    if (!created.ok) throw new Error(created.reason);
    expect(created.value.postcode).toBe('NR1 3AB');

    const services = await waitFor(async () => {
      const found = await a.h['directory.search']({ text: 'food', issue: null });
      return found.length > 0 ? found : null;
    });
    const service = services[0];
    if (!service) throw new Error('no service');
    const sent = await a.h['referrals.send']({
      clientId: created.value.id,
      serviceId: service.id,
      issues: ['food-support'],
      needs: 'No food in the house until payday.',
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

    const incoming = await waitFor(async () => {
      const list = await b.h['referrals.list']({ direction: 'incoming' });
      return list.length > 0 ? list : null;
    });
    expect(incoming).toHaveLength(1);
    const first = incoming[0];
    if (!first) throw new Error('nothing arrived');
    const arrived = first.referral;
    expect(arrived.status).toBe('sent');
    // Only what the client agreed to share travelled.
    expect(arrived.payload.client).toMatchObject({
      name: 'Dana Example',
      phone: '01603 000000',
      dateOfBirth: null,
      address: null,
    });
    expect(arrived.postcodeDistrict).toBe('NR1');
    expect(b.events.some((e) => (e.arrived ?? 0) > 0)).toBe(true);

    const acked = await b.h['referrals.act']({ id: arrived.id, input: { action: 'acknowledge' } });
    expect(acked).toMatchObject({ ok: true, value: { referral: { status: 'acknowledged' } } });

    const seen = await waitFor(async () => {
      const r = await a.h['referrals.get']({ id: arrived.id });
      return r.ok && r.value.referral.status === 'acknowledged' ? r.value : null;
    });
    const ack = seen.referral.events.find((e) => e.type === 'acknowledged');
    expect(ack?.actor).toMatchObject({
      name: 'Bob Receiver',
      organisationName: 'Riverside Foodbank',
    });
    expect(seen.referral.actBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The store on disk is encrypted: no client name in the file's bytes.
    const stores = join(a.dir, 'stores');
    for (const file of readdirSync(stores)) {
      expect(readFileSync(join(stores, file)).includes('Dana Example')).toBe(false);
    }
  });

  it('waits in the outbox while offline and arrives exactly once when back online', async () => {
    const a = await openDesk(proxy.url);
    const b = await openDesk(net.server.url);
    await signIn(a.h, proxy.url, 'alice@northgate.test');
    await signIn(b.h, net.server.url, 'bob@riverside.test');
    await b.h['sync.now']({});
    const before = (await b.h['referrals.list']({ direction: 'incoming' })).length;
    const service = await waitFor(
      async () => (await a.h['directory.search']({ text: 'food', issue: null }))[0],
    );
    const client = await a.h['clients.create']({
      name: 'Eli Offline',
      dateOfBirth: null,
      phone: null,
      email: '',
      address: null,
      postcode: null,
      preferredContact: null,
    });
    if (!client.ok) throw new Error(client.reason);

    proxy.cut();
    const sent = await a.h['referrals.send']({
      clientId: client.value.id,
      serviceId: service.id,
      issues: ['food-support'],
      needs: 'Needs a food parcel.',
      urgent: false,
      consent: {
        given: true,
        givenBy: 'client',
        representativeName: null,
        method: 'phone',
        shared: ['name'],
      },
    });
    if (!sent.ok) throw new Error(sent.reason);
    expect(await a.h['sync.status']({})).toMatchObject({ online: false, waiting: 1 });
    const waiting = await a.h['referrals.get']({ id: sent.value.referralId });
    expect(waiting).toMatchObject({
      ok: true,
      value: { waitingToSend: true, referral: { status: 'draft' } },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await b.h['referrals.list']({ direction: 'incoming' })).toHaveLength(before);

    proxy.restore();
    const arrived = await waitFor(async () => {
      const list = await b.h['referrals.list']({ direction: 'incoming' });
      return list.length > before ? list : null;
    });
    await waitFor(async () => ((await a.h['sync.status']({})).waiting === 0 ? true : null));
    await a.h['sync.now']({});
    await b.h['sync.now']({});
    const ids = (await b.h['referrals.list']({ direction: 'incoming' })).map((r) => r.referral.id);
    expect(ids.filter((id) => id === sent.value.referralId)).toHaveLength(1);
    expect(arrived.length).toBe(before + 1);
  });

  it('refuses a wrong passphrase without touching the store', async () => {
    const a = await openDesk(net.server.url);
    await signIn(a.h, net.server.url, 'carol@eastfield.test');
    await a.h['session.signOut']({});
    const again = await a.h['session.signIn']({
      serverUrl: net.server.url,
      email: 'carol@eastfield.test',
      password: PASSWORD,
    });
    expect(again).toMatchObject({ ok: true, value: { state: 'locked', newStore: false } });
    expect(await a.h['session.unlock']({ passphrase: 'not the right passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(await a.h['session.unlock']({ passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { state: 'ready' },
    });
  });

  it('says clearly when the password is wrong or the server cannot be reached', async () => {
    const a = await openDesk(net.server.url);
    expect(
      await a.h['session.signIn']({
        serverUrl: net.server.url,
        email: 'alice@northgate.test',
        password: 'wrong password!',
      }),
    ).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
    expect(
      await a.h['session.signIn']({
        serverUrl: 'http://127.0.0.1:9',
        email: 'alice@northgate.test',
        password: PASSWORD,
      }),
    ).toEqual({
      ok: false,
      reason: 'server-unreachable',
    });
  });
});
