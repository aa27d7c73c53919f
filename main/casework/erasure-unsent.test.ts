import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTestClient,
  decryptedStore,
  referToFood,
  DESK_PASSPHRASE,
  signInAndUnlock,
  testDesks,
  waitFor,
} from '#test/desks.ts';
import { startTestNetwork } from '#test/network.ts';
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
const ERASED_NAME = 'Ottoline Vexworthy';
const TRACES = [ERASED_NAME, 'Ottoline', 'Vexworthy', '07700954321', 'no gas since Tuesday'];

let net: TestNetwork;
let proxy: CuttableProxy;
const desks = testDesks();

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
});

afterAll(async () => {
  await desks.closeAll();
  await proxy.close();
  await net.close();
});

describe('erasing a client with referrals not yet sent', () => {
  it('cancels them in the outbox and the store, and the server never receives them', async () => {
    const a = await desks.open(proxy.url);
    await signInAndUnlock(a.h, proxy.url, 'alice@northgate.test');
    // The directory is cached before the connection is cut.
    await waitFor(async () => (await a.h['directory.search']({ text: 'food', issue: null }))[0]);
    const erased = await addTestClient(a.h, { name: ERASED_NAME, phone: '07700954321' });
    const kept = await addTestClient(a.h, { name: 'Una Untouched', phone: null });
    const refer = (clientId: string, needs: string) => referToFood(a.h, clientId, needs);

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
      value: { unsentReferrals: 1, unsentMessages: 1, networkReferrals: 0 },
    });
    expect(await a.h['clients.erasureImpact']({ id: kept })).toEqual({
      ok: true,
      value: { unsentReferrals: 1, unsentMessages: 0, networkReferrals: 0 },
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
    expect(await a.h['session.unlock']({ passphrase: DESK_PASSPHRASE })).toMatchObject({
      ok: true,
    });

    // Back online: the other client's referral goes; the erased one never does.
    proxy.restore();
    await waitFor(async () => ((await a.h['sync.status']({})).waiting === 0 ? true : null));
    const onServer = await net.server.db.query<{ id: string }>(
      'SELECT id FROM referrals WHERE id = ANY($1)',
      [[erasedReferral, keptReferral]],
    );
    expect(onServer.map((r) => r.id)).toEqual([keptReferral]);
    const b = await desks.open(net.server.url);
    await signInAndUnlock(b.h, net.server.url, 'bob@riverside.test');
    await b.h['sync.now']({});
    const incoming = (await b.h['referrals.list']({ direction: 'incoming' })).map(
      (r) => r.referral.id,
    );
    expect(incoming).toContain(keptReferral);
    expect(incoming).not.toContain(erasedReferral);
  });
});
