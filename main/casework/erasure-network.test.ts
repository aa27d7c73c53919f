import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_TEXT } from '#src/referral/scrub.ts';
import {
  addTestClient,
  decryptedWhileLocked,
  referToFood,
  signInAndUnlock,
  testDesks,
  waitFor,
  type TestDesk,
} from '#test/desks.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Erasing a client whose referral the network already holds (#5): the
 * referring desk asks the network to erase it; the server's tables and the
 * receiving agency's desk are left with no trace of the person, and the
 * receiving adviser sees that it happened. Real server, real encrypted stores.
 */
const NAME = 'Perpetua Quillfeather';
const TRACES = ['Perpetua', 'Quillfeather', '07700965432', 'boiler broke on Sunday'];

let net: TestNetwork;
const desks = testDesks();

beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(async () => {
  await desks.closeAll();
  await net.close();
});

/** Everything the server holds about a referral, as text. */
const onServer = async (referralId: string): Promise<string> => {
  const [row] = await net.server.db.query<{ held: string }>(
    `select coalesce((select row_to_json(r)::text from referrals r where id = $1), '')
         || coalesce((select payload::text from referral_payloads where referral_id = $1), '')
         || coalesce((select string_agg(data::text, ' ') from referral_events
                       where referral_id = $1), '') as held`,
    [referralId],
  );
  return row?.held ?? '';
};

const referFor = async (alice: TestDesk): Promise<{ clientId: string; referralId: string }> => {
  const clientId = await addTestClient(alice.h, {
    name: NAME,
    phone: '07700965432',
    dateOfBirth: '1971-05-06',
    postcode: 'NR2 2BB',
  });
  const referralId = await referToFood(
    alice.h,
    clientId,
    'The boiler broke on Sunday and the money went on the repair',
  );
  return { clientId, referralId };
};

describe('erasing a client whose referral the network holds', () => {
  it('erases the network’s copy and the receiving desk’s, and tells the receiving adviser', async () => {
    const alice = await desks.open(net.server.url);
    await signInAndUnlock(alice.h, net.server.url, 'alice@northgate.test');
    const bob = await desks.open(net.server.url);
    await signInAndUnlock(bob.h, net.server.url, 'bob@riverside.test');

    const { clientId, referralId } = await referFor(alice);
    await waitFor(async () => ((await alice.h['sync.status']({})).waiting === 0 ? true : null));
    expect(await onServer(referralId)).toContain(NAME);
    await waitFor(async () => {
      await bob.h['sync.now']({});
      const got = await bob.h['referrals.get']({ id: referralId });
      return got.ok && got.value.referral.payload.client.name === NAME ? true : null;
    });
    // Bob notes something about the person before the erasure.
    const noted = await bob.h['referrals.act']({
      id: referralId,
      input: { action: 'note', text: 'Perpetua rang from 07700965432' },
    });
    expect(noted.ok).toBe(true);
    await waitFor(async () => ((await bob.h['sync.status']({})).waiting === 0 ? true : null));

    // The confirmation screen says the network's copy goes too.
    expect(await alice.h['clients.erasureImpact']({ id: clientId })).toEqual({
      ok: true,
      value: { unsentReferrals: 0, unsentMessages: 0, networkReferrals: 1 },
    });
    expect(await alice.h['clients.erase']({ id: clientId, confirmName: NAME })).toMatchObject({
      ok: true,
      value: { networkReferrals: 1, cancelledReferrals: 0 },
    });

    // The network: nothing about the person, in any of its referral tables.
    await waitFor(async () => ((await alice.h['sync.status']({})).waiting === 0 ? true : null));
    const held = await onServer(referralId);
    expect(TRACES.filter((t) => held.includes(t))).toEqual([]);

    // Bob's desk: the referral shows the erasure, and its store keeps no trace.
    const seen = await waitFor(async () => {
      await bob.h['sync.now']({});
      const got = await bob.h['referrals.get']({ id: referralId });
      return got.ok && got.value.referral.events.some((e) => e.type === 'erased')
        ? got.value
        : null;
    });
    expect(seen.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(seen.referral.status).toBe('sent');
    const bobsStore = await decryptedWhileLocked(bob);
    expect(TRACES.filter((t) => bobsStore.includes(Buffer.from(t)))).toEqual([]);
    const alicesStore = await decryptedWhileLocked(alice);
    expect(TRACES.filter((t) => alicesStore.includes(Buffer.from(t)))).toEqual([]);
  });
});
