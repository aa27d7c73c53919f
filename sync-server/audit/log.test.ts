import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { createUser } from '#server/admin/directory.ts';
import { canonical, verifyAudit } from '#server/audit/log.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  must,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { auditResponseSchema } from '#src/wire/accounts.ts';
import { API } from '#src/wire/api.ts';

describe('canonical JSON', () => {
  it('sorts keys at every level, so equal content hashes equally', () => {
    expect(canonical({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
  });
});

describe.each(BACKENDS)('the audit log on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let referralId: string;
  let tokens: Record<'alice' | 'bob' | 'carol' | 'co' | 'foodLead' | 'housingLead', string>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    for (const [email, org] of [
      ['lead@riverside.test', net.organisations.foodbank.id],
      ['lead@eastfield.test', net.organisations.housing.id],
    ] as const) {
      must(
        await createUser(db, {
          email,
          name: email,
          role: 'lead',
          organisationId: org,
          password: PASSWORD,
        }),
      );
    }
    await acceptAllAgreements(db);
    t = testApp(db, { now: clock.now });
    tokens = {
      alice: await t.signIn('alice@northgate.test'),
      bob: await t.signIn('bob@riverside.test'),
      carol: await t.signIn('carol@eastfield.test'),
      co: await t.signIn('co@network.test'),
      foodLead: await t.signIn('lead@riverside.test'),
      housingLead: await t.signIn('lead@eastfield.test'),
    };
    // A failed sign-in, a referral sent, pulled by the receiver, read by id, acknowledged.
    await t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email: 'bob@riverside.test', password: 'wrong password', device: 'x' },
    });
    const send = sendCommand(net.services.food);
    referralId = send.referralId;
    await t.commands(tokens.alice, [send]);
    await t.get(tokens.bob, '/changes?after=0');
    await t.get(tokens.bob, `/referrals/${referralId}`);
    await t.commands(tokens.bob, [act('referral.acknowledge', referralId, {})]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const search = async (token: string, query = '') => {
    const res = await t.get(token, `/audit${query}`);
    expect(res.statusCode).toBe(200);
    return auditResponseSchema.parse(res.json()).entries;
  };

  it('records sign-ins, failed sign-ins, and every read and change of referral data', async () => {
    const entries = await search(tokens.co, '?limit=500');
    const actions = entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'sign-in')).toHaveLength(6);
    expect(actions).toContain('sign-in.failed');
    const about = entries
      .filter((e) => e.entityId === referralId)
      .map((e) => e.action)
      .reverse();
    expect(about).toEqual([
      'referral.send',
      'referral.read', // Bob's desk pulled it from the change feed
      'referral.read', // and opened it by id
      'referral.acknowledge',
    ]);
    const read = entries.find(
      (e) => e.action === 'referral.read' && e.detail.via === 'change-feed',
    );
    expect(read?.actorUserId).toBe(net.users.bob.id);
    expect(new Set(read?.organisationIds)).toEqual(
      new Set([net.organisations.advice.id, net.organisations.foodbank.id]),
    );
  });

  it('holds no client personal data', async () => {
    const rows = await db.query<Record<string, unknown>>('select * from audit_log');
    const text = JSON.stringify(rows);
    for (const personal of [
      'Jane',
      'Testclient',
      '1980-02-03',
      '07700',
      'Test Street',
      'NR1 3AB',
      'payday',
    ]) {
      expect(text).not.toContain(personal);
    }
    // Not even the email typed at a failed sign-in.
    expect(text).not.toContain('riverside.test');
  });

  it('lets coordinators search everything, a lead only their agency’s part, advisers nothing', async () => {
    const byAction = await search(tokens.co, '?action=referral.acknowledge');
    expect(byAction.map((e) => e.entityId)).toEqual([referralId]);
    expect(byAction[0]?.actorName).toBe('bob');
    const byUser = await search(tokens.co, `?userId=${net.users.alice.id}`);
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((e) => e.actorUserId === net.users.alice.id)).toBe(true);

    const food = await search(tokens.foodLead, '?limit=500');
    expect(food.length).toBeGreaterThan(0);
    expect(food.every((e) => e.organisationIds.includes(net.organisations.foodbank.id))).toBe(true);
    expect(food.some((e) => e.entityId === referralId)).toBe(true);
    const housing = await search(tokens.housingLead, '?limit=500');
    expect(housing.some((e) => e.entityId === referralId)).toBe(false);
    for (const who of [tokens.alice, tokens.bob, tokens.carol]) {
      expect((await t.get(who, '/audit')).statusCode).toBe(403);
    }
    expect((await t.get(tokens.co, '/audit?limit=100000')).statusCode).toBe(400);
  });

  it('names what an entry is about, not its id, and never the client (#12)', async () => {
    const [ack] = await search(tokens.co, '?action=referral.acknowledge');
    expect(ack?.about).toMatchObject({
      kind: 'referral',
      from: 'Northgate Advice Centre',
      to: 'Riverside Foodbank',
      service: 'Emergency food parcels',
    });
    const all = await search(tokens.co, '?limit=500');
    const text = JSON.stringify(all);
    for (const personal of ['Jane', 'Testclient', 'NR1 3AB']) expect(text).not.toContain(personal);
  });

  it('says a "from" after the "to" is the wrong way round, not that nothing matches (#12)', async () => {
    const reversed = await t.get(
      tokens.co,
      '/audit?from=2026-12-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z',
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toEqual({ error: 'bad-request', detail: 'to: custom' });
    const same = await t.get(
      tokens.co,
      '/audit?from=2026-11-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z',
    );
    expect(same.statusCode).toBe(200);
  });

  it('verifies the chain, and detects an altered entry and a removed one', async () => {
    const good = await verifyAudit(db, 3); // small pages: the walk crosses page edges
    expect(good).toMatchObject({ ok: true });
    if (!good.ok) return;
    expect(good.entries).toBeGreaterThan(10);

    const [victim] = await db.query<{ n: number | string; detail: unknown }>(
      "select n, detail from audit_log where action = 'referral.read' order by n limit 1",
    );
    const n = Number(victim?.n);
    // The database itself refuses edits and deletes of the log…
    await expect(
      db.query('update audit_log set actor_user_id = $2 where n = $1', [n, net.users.carol.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('delete from audit_log where n = $1', [n])).rejects.toThrow(
      /append-only/,
    );
    // …so the attacker is the database's owner, who can switch that rule off.
    await db.query('alter table audit_log disable trigger audit_log_append_only');
    // Someone rewrites who read the referral.
    await db.query('update audit_log set actor_user_id = $2 where n = $1', [n, net.users.carol.id]);
    expect(await verifyAudit(db)).toEqual({ ok: false, entry: n, problem: 'altered' });
    await db.query('update audit_log set actor_user_id = $2 where n = $1', [n, net.users.bob.id]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });

    // Someone deletes the entry instead.
    await db.query('delete from audit_log where n = $1', [n]);
    const removed = await verifyAudit(db);
    expect(removed).toMatchObject({ ok: false, problem: 'link-broken' });
    if (!removed.ok) expect(removed.entry).toBeGreaterThan(n);
  });
});
