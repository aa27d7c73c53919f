import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { createService } from '#server/admin/directory.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  must,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { changesResponseSchema, type ChangesResponse } from '#src/wire/api.ts';

describe.each(BACKENDS)('change feed and authorisation on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let carol: string;
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: testClock().now });
    [alice, bob, carol, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const page = async (token: string, after: number, limit = 200): Promise<ChangesResponse> => {
    const res = await t.get(token, `/changes?after=${after}&limit=${limit}`);
    expect(res.statusCode).toBe(200);
    return changesResponseSchema.parse(res.json());
  };
  const everything = async (token: string, limit: number) => {
    const pages: ChangesResponse[] = [];
    let cursor = 0;
    for (;;) {
      const p = await page(token, cursor, limit);
      pages.push(p);
      expect(p.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = p.cursor;
      if (!p.more) return { pages, cursor };
    }
  };

  it('gives every organisation the directory, in pages, and moves the cursor', async () => {
    const services = Object.keys(net.services).length;
    const all = await page(carol, 0);
    expect(all.more).toBe(false);
    expect(all.changes.map((c) => c.kind)).toEqual(Array(services).fill('service'));
    const { pages, cursor } = await everything(carol, 2);
    expect(pages.map((p) => p.changes.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(cursor).toBe(all.cursor);
    const seqs = pages.flatMap((p) => p.changes.map((c) => c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(services);
    // Nothing new: an empty page at the same cursor.
    expect(await page(carol, cursor)).toEqual({ changes: [], cursor, more: false });
    // A coordinator sees the directory too.
    expect((await page(coordinator, 0)).changes).toHaveLength(services);
  });

  it('shows a referral to its two agencies only, current and once per page', async () => {
    const start = (await page(alice, 0)).cursor;
    const carolStart = (await page(carol, 0)).cursor;
    const send = sendCommand(net.services.food);
    await t.commands(alice, [send]);
    await t.commands(bob, [
      act('referral.acknowledge', send.referralId, {}),
      act('referral.note', send.referralId, { noteId: newId(), text: 'On it' }),
    ]);

    for (const token of [alice, bob]) {
      const p = await page(token, start);
      expect(p.changes).toHaveLength(1);
      const [change] = p.changes;
      expect(change?.kind).toBe('referral');
      if (change?.kind !== 'referral') return;
      expect(change.referral.status).toBe('acknowledged');
      expect(change.referral.events.map((e) => e.type)).toEqual(['sent', 'acknowledged', 'note']);
      expect(change.referral.payload.client.name).toBe('Jane Testclient');
      expect(change.referral.actBy).not.toBeNull();
      expect(change.seq).toBe(p.cursor);
    }

    // The third agency and the coordinator see nothing of it, by feed or by id.
    const carolPage = await page(carol, carolStart);
    expect(carolPage.changes).toEqual([]);
    expect(carolPage.more).toBe(false);
    const everythingCarol = await everything(carol, 3);
    const carolKinds = everythingCarol.pages.flatMap((p) => p.changes.map((c) => c.kind));
    expect(carolKinds).not.toContain('referral');
    expect(JSON.stringify(everythingCarol.pages)).not.toContain('Jane Testclient');
    expect(JSON.stringify(everythingCarol.pages)).not.toContain(send.referralId);
    expect((await page(coordinator, 0)).changes.some((c) => c.kind === 'referral')).toBe(false);

    for (const token of [carol, coordinator]) {
      const res = await t.get(token, `/referrals/${send.referralId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'not-found' });
    }
    expect((await t.get(alice, `/referrals/${send.referralId}`)).statusCode).toBe(200);
    expect((await t.get(bob, `/referrals/${send.referralId}`)).statusCode).toBe(200);
    expect((await t.get(bob, `/referrals/${newId()}`)).statusCode).toBe(404);
    expect((await t.get(bob, '/referrals/not-a-uuid')).statusCode).toBe(404);
  });

  it('never lets a cursor skip a change, and reaches new services', async () => {
    const before = (await page(bob, 0)).cursor;
    must(
      await createService(db, {
        organisationId: net.organisations.housing.id,
        name: 'Money advice drop-in',
        description: 'Tuesdays',
        issues: ['debt'],
      }),
    );
    const sends = [sendCommand(net.services.food), sendCommand(net.services.tenancy)];
    await t.commands(alice, sends);
    const { pages } = await everything(bob, 1);
    const seen = pages.flatMap((p) => p.changes).filter((c) => c.seq > before);
    expect(seen.map((c) => c.kind)).toEqual(['service', 'referral']);
    // Bob is not party to the tenancy referral: not in his feed.
    expect(seen.some((c) => c.kind === 'referral' && c.referral.id === sends[1]?.referralId)).toBe(
      false,
    );
  });

  it('validates the query', async () => {
    for (const q of ['after=-1', 'limit=0', 'limit=501', 'after=abc']) {
      const res = await t.get(alice, `/changes?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad-request' });
    }
  });
});
