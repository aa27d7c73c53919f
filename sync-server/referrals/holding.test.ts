import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  must,
  PASSWORD,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { currentHolder } from '#src/referral/holder.ts';
import { API, changesResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';
import { colleaguesResponseSchema } from '#src/wire/inbox.ts';
import { referralSchema } from '#src/wire/referral.ts';

/**
 * The receiving agency's inbox (#3): claim a referral, give it to a
 * colleague, and races between colleagues decided by the server.
 */
describe.each(BACKENDS)('claiming and assigning referrals on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  const tokens: Record<'alice' | 'bob' | 'dan' | 'lead' | 'carol', string> = {
    alice: '',
    bob: '',
    dan: '',
    lead: '',
    carol: '',
  };
  let ids: { dan: string; lead: string; disabled: string; carol: string };

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: clock.now });
    const add = async (email: string, role: 'adviser' | 'lead', organisationId: string) =>
      must(await createUser(db, { email, name: email, role, organisationId, password: PASSWORD }));
    const food = net.organisations.foodbank.id;
    const dan = await add('dan@riverside.test', 'adviser', food);
    const lead = await add('lead@riverside.test', 'lead', food);
    const gone = await add('gone@riverside.test', 'adviser', food);
    await db.query('update users set disabled = true where id = $1', [gone.id]);
    await acceptAllAgreements(db);
    ids = { dan: dan.id, lead: lead.id, disabled: gone.id, carol: net.users.carol.id };
    tokens.alice = await t.signIn('alice@northgate.test');
    tokens.bob = await t.signIn('bob@riverside.test');
    tokens.dan = await t.signIn('dan@riverside.test');
    tokens.lead = await t.signIn('lead@riverside.test');
    tokens.carol = await t.signIn('carol@eastfield.test');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const run = async (token: string, ...cmds: Command[]) => {
    const res = await t.commands(token, cmds);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results;
  };
  const view = async (token: string, id: string) => {
    const res = await t.get(token, `/referrals/${id}`);
    expect(res.statusCode).toBe(200);
    return referralSchema.parse(res.json());
  };
  const sent = async (): Promise<string> => {
    const send = sendCommand(net.services.food);
    expect((await run(tokens.alice, send))[0]?.status).toBe('applied');
    return send.referralId;
  };
  const cursor = async (token: string): Promise<number> =>
    changesResponseSchema.parse((await t.get(token, '/changes?after=0&limit=500')).json()).cursor;

  it('lets an adviser claim a referral; both sides see who holds it through the change feed', async () => {
    const id = await sent();
    const [aliceFrom, bobFrom] = [await cursor(tokens.alice), await cursor(tokens.bob)];
    const claim = act('referral.claim', id, {});
    expect(await run(tokens.bob, claim)).toEqual([
      { mutationId: claim.mutationId, status: 'applied' },
    ]);
    for (const [token, from] of [
      [tokens.alice, aliceFrom],
      [tokens.bob, bobFrom],
    ] as const) {
      const feed = changesResponseSchema.parse(
        (await t.get(token, `/changes?after=${String(from)}`)).json(),
      );
      const change = feed.changes.find((c) => c.kind === 'referral' && c.referral.id === id);
      expect(change?.kind === 'referral' && currentHolder(change.referral.events)).toMatchObject({
        name: 'bob',
        assignedBy: null,
      });
    }
    // Claiming again is harmless and records nothing more.
    const again = act('referral.claim', id, {});
    expect((await run(tokens.bob, again))[0]?.status).toBe('applied');
    expect((await view(tokens.bob, id)).events.filter((e) => e.type === 'claimed')).toHaveLength(1);
  });

  it('decides two colleagues claiming at once: one holds it, the other is told it is held', async () => {
    const id = await sent();
    const [bobClaim, danClaim] = [act('referral.claim', id, {}), act('referral.claim', id, {})];
    const [bobs, dans] = await Promise.all([run(tokens.bob, bobClaim), run(tokens.dan, danClaim)]);
    const results = [bobs[0], dans[0]];
    expect(results.filter((r) => r?.status === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r?.status === 'rejected')).toEqual([
      expect.objectContaining({ reason: 'already-held', currentStatus: 'sent' }),
    ]);
    const winner = bobs[0]?.status === 'applied' ? 'bob' : 'dan@riverside.test';
    const events = (await view(tokens.bob, id)).events;
    expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
    expect(currentHolder(events)?.name).toBe(winner);
  });

  it('decides two colleagues acknowledging at once: one is applied, the other sees it has moved on', async () => {
    const id = await sent();
    const [bobAck, danAck] = [
      act('referral.acknowledge', id, {}),
      act('referral.acknowledge', id, {}),
    ];
    const [bobs, dans] = await Promise.all([run(tokens.bob, bobAck), run(tokens.dan, danAck)]);
    const results = [bobs[0], dans[0]];
    expect(results.filter((r) => r?.status === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r?.status === 'rejected')).toEqual([
      expect.objectContaining({ reason: 'not-allowed-now', currentStatus: 'acknowledged' }),
    ]);
    const referral = await view(tokens.alice, id);
    expect(referral.status).toBe('acknowledged');
    expect(referral.events.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('counts accepting as taking it (#12): the one who accepted holds it, a colleague must be given it', async () => {
    const id = await sent();
    expect((await run(tokens.bob, act('referral.acknowledge', id, {})))[0]?.status).toBe('applied');
    // Acknowledging only says it arrived: nobody holds it yet.
    expect(currentHolder((await view(tokens.alice, id)).events)).toBeNull();
    expect((await run(tokens.dan, act('referral.accept', id, {})))[0]?.status).toBe('applied');
    // Both sides read Dan as the holder, by the same rule the server decides with.
    expect(currentHolder((await view(tokens.alice, id)).events)).toMatchObject({
      userId: ids.dan,
      assignedBy: null,
    });
    expect((await run(tokens.bob, act('referral.claim', id, {})))[0]).toMatchObject({
      status: 'rejected',
      reason: 'already-held',
      currentStatus: 'accepted',
    });
    // Dan claiming what he holds already changes nothing.
    expect((await run(tokens.dan, act('referral.claim', id, {})))[0]?.status).toBe('applied');
    expect((await view(tokens.bob, id)).events.filter((e) => e.type === 'claimed')).toHaveLength(0);
  });

  it('lets a lead or an adviser give a referral to a colleague, and only to a colleague', async () => {
    const id = await sent();
    const toDan = act('referral.assign', id, { userId: ids.dan });
    expect((await run(tokens.lead, toDan))[0]?.status).toBe('applied');
    expect(currentHolder((await view(tokens.alice, id)).events)).toMatchObject({
      userId: ids.dan,
      name: 'dan@riverside.test',
      assignedBy: 'lead@riverside.test',
    });
    // A claim does not take it from the colleague who holds it …
    expect((await run(tokens.bob, act('referral.claim', id, {})))[0]).toMatchObject({
      status: 'rejected',
      reason: 'already-held',
    });
    // … but an adviser can hand it on, on purpose.
    expect(
      (await run(tokens.dan, act('referral.assign', id, { userId: net.users.bob.id })))[0]?.status,
    ).toBe('applied');
    expect(currentHolder((await view(tokens.bob, id)).events)?.userId).toBe(net.users.bob.id);

    const before = await rowCounts(db);
    for (const userId of [ids.disabled, ids.carol, net.users.alice.id]) {
      expect((await run(tokens.bob, act('referral.assign', id, { userId })))[0]).toMatchObject({
        status: 'rejected',
        reason: 'not-a-colleague',
      });
    }
    expect(await rowCounts(db)).toEqual({
      ...before,
      applied_mutations: (before.applied_mutations ?? 0) + 3,
    });
  });

  it('refuses the referrer, a third agency, a lead claiming, and a finished referral', async () => {
    const id = await sent();
    const before = await rowCounts(db);
    const tries: [string, Command, string][] = [
      [tokens.alice, act('referral.claim', id, {}), 'forbidden'],
      [tokens.alice, act('referral.assign', id, { userId: net.users.alice.id }), 'forbidden'],
      [tokens.carol, act('referral.claim', id, {}), 'not-found'],
      [tokens.carol, act('referral.assign', id, { userId: ids.carol }), 'not-found'],
      [tokens.lead, act('referral.claim', id, {}), 'forbidden'],
    ];
    for (const [token, command, reason] of tries) {
      expect((await run(token, command))[0]).toMatchObject({ status: 'rejected', reason });
    }
    expect(await rowCounts(db)).toEqual({
      ...before,
      applied_mutations: (before.applied_mutations ?? 0) + tries.length,
    });
    await run(tokens.alice, act('referral.withdraw', id, { text: 'Client moved away.' }));
    expect((await run(tokens.bob, act('referral.claim', id, {})))[0]).toMatchObject({
      reason: 'not-allowed-now',
      currentStatus: 'withdrawn',
    });
  });

  it("lists the caller's own active colleagues, names and roles only, for those who may assign", async () => {
    const res = await t.get(tokens.bob, '/colleagues');
    expect(res.statusCode).toBe(200);
    const { colleagues } = colleaguesResponseSchema.parse(res.json());
    expect(colleagues.map((c) => c.name)).toEqual([
      'bob',
      'dan@riverside.test',
      'lead@riverside.test',
    ]);
    expect(Object.keys(colleagues[0] ?? {}).sort()).toEqual(['id', 'name', 'role']);
    const coordinator = await t.signIn('co@network.test');
    expect((await t.get(coordinator, '/colleagues')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `${API}/colleagues` })).statusCode).toBe(401);
  });
});
