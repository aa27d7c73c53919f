import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { createUser } from '#server/admin/directory.ts';
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
import { newId } from '#src/ids.ts';
import { figuresSchema, organisationsResponseSchema } from '#src/wire/accounts.ts';
import { API, changesResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';

/**
 * Every endpoint against every role (src/roles.ts, docs/roles.md): who gets
 * in, who is refused, and that refusals change nothing.
 */
describe.each(BACKENDS)('authorisation by role on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  const tokens: Record<string, string> = {};
  let referralId: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: clock.now });
    const extra = async (
      email: string,
      role: 'lead' | 'administrator',
      organisationId: string | null,
    ) =>
      must(await createUser(db, { email, name: email, role, organisationId, password: PASSWORD }));
    await extra('lead@northgate.test', 'lead', net.organisations.advice.id);
    await extra('lead@riverside.test', 'lead', net.organisations.foodbank.id);
    await extra('lead@eastfield.test', 'lead', net.organisations.housing.id);
    await extra('admin@network.test', 'administrator', null);
    await acceptAllAgreements(db);
    for (const [who, email] of Object.entries({
      alice: 'alice@northgate.test',
      bob: 'bob@riverside.test',
      carol: 'carol@eastfield.test',
      coordinator: 'co@network.test',
      adviceLead: 'lead@northgate.test',
      foodLead: 'lead@riverside.test',
      housingLead: 'lead@eastfield.test',
      admin: 'admin@network.test',
    })) {
      tokens[who] = await t.signIn(email);
    }
    const send = sendCommand(net.services.food);
    referralId = send.referralId;
    const res = await t.commands(tokens.alice ?? '', [send]);
    expect(commandResultsSchema.parse(res.json()).results[0]?.status).toBe('applied');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const token = (who: string): string => {
    const value = tokens[who];
    if (value === undefined) throw new Error(`no token for ${who}`);
    return value;
  };
  const run = async (who: string, ...cmds: Command[]) => {
    const res = await t.commands(token(who), cmds);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results;
  };

  it('refuses every signed-in endpoint without a token', async () => {
    const endpoints: [string, string][] = [
      ['GET', '/me'],
      ['GET', '/changes'],
      ['GET', `/referrals/${newId()}`],
      ['GET', '/events'],
      ['GET', '/figures'],
      ['GET', '/organisations'],
      ['POST', '/commands'],
      ['POST', '/auth/sign-out'],
    ];
    for (const [method, url] of endpoints) {
      const res = await t.app.inject({ method: method as 'GET', url: `${API}${url}` });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
    }
  });

  it('shows a referral, payload and all, only to the pair of agencies', async () => {
    const expected: Record<string, number> = {
      alice: 200,
      bob: 200,
      adviceLead: 200,
      foodLead: 200,
      // A third agency: as if it did not exist.
      carol: 404,
      housingLead: 404,
      // Roles without referral.read: it does not exist for them either.
      coordinator: 404,
      admin: 404,
    };
    for (const [who, status] of Object.entries(expected)) {
      const res = await t.get(token(who), `/referrals/${referralId}`);
      expect({ who, status: res.statusCode }).toEqual({ who, status });
      if (status !== 200) expect(res.body).not.toContain('Jane Testclient');
    }
  });

  it('never puts another pair’s referral, or any client details, in the change feed', async () => {
    for (const who of ['carol', 'housingLead', 'coordinator', 'admin']) {
      const res = await t.get(token(who), '/changes?after=0&limit=500');
      expect(res.statusCode).toBe(200);
      const page = changesResponseSchema.parse(res.json());
      expect(page.changes.filter((c) => c.kind === 'referral')).toEqual([]);
      expect(res.body).not.toContain('Jane Testclient');
    }
    const bobs = changesResponseSchema.parse(
      (await t.get(token('bob'), '/changes?after=0&limit=500')).json(),
    );
    expect(bobs.changes.some((c) => c.kind === 'referral' && c.referral.id === referralId)).toBe(
      true,
    );
  });

  it('lets only advisers and leads send or act on referrals', async () => {
    for (const who of ['coordinator', 'admin']) {
      const send = sendCommand(net.services.food);
      const ack = act('referral.acknowledge', referralId, {});
      expect(await run(who, send, ack)).toEqual([
        {
          mutationId: send.mutationId,
          status: 'rejected',
          reason: 'forbidden',
          currentStatus: null,
        },
        {
          mutationId: ack.mutationId,
          status: 'rejected',
          reason: 'forbidden',
          currentStatus: null,
        },
      ]);
    }
    const [row] = await db.query<{ n: number | string }>('select count(*) as n from referrals');
    expect(Number(row?.n)).toBe(1);
    // Outside the pair, a lead is no better than an adviser.
    const [outsider] = await run('housingLead', act('referral.acknowledge', referralId, {}));
    expect(outsider).toMatchObject({ status: 'rejected', reason: 'not-found' });
    // The receiving agency's lead may act on it.
    const [ack] = await run('foodLead', act('referral.acknowledge', referralId, {}));
    expect(ack).toMatchObject({ status: 'applied' });
  });

  it('shows figures to leads (their agency) and coordinators (the network), never to advisers', async () => {
    for (const who of ['alice', 'bob', 'carol', 'admin']) {
      const res = await t.get(token(who), '/figures');
      expect({ who, status: res.statusCode }).toEqual({ who, status: 403 });
      expect(res.json()).toEqual({ error: 'forbidden' });
    }
    const network = await t.get(token('coordinator'), '/figures');
    expect(network.statusCode).toBe(200);
    expect(figuresSchema.parse(network.json())).toEqual({
      scope: 'network',
      sent: { acknowledged: 1 },
      received: { acknowledged: 1 },
      total: 1,
      provision: { referralsSent: 1, signposts: 0, gapsByIssue: {}, gapsByArea: {} },
    });
    expect(network.body).not.toMatch(/Jane|Testclient|NR1|07700/);
    const food = figuresSchema.parse((await t.get(token('foodLead'), '/figures')).json());
    expect(food).toEqual({
      scope: 'agency',
      sent: {},
      received: { acknowledged: 1 },
      total: 1,
      provision: { referralsSent: 0, signposts: 0, gapsByIssue: {}, gapsByArea: {} },
    });
    const housing = figuresSchema.parse((await t.get(token('housingLead'), '/figures')).json());
    expect(housing.total).toBe(0);
  });

  it('lists the network’s organisations only to coordinators, with no client details', async () => {
    for (const who of ['alice', 'bob', 'adviceLead', 'foodLead', 'admin']) {
      const res = await t.get(token(who), '/organisations');
      expect({ who, status: res.statusCode }).toEqual({ who, status: 403 });
    }
    const res = await t.get(token('coordinator'), '/organisations');
    expect(res.statusCode).toBe(200);
    const { organisations } = organisationsResponseSchema.parse(res.json());
    const food = organisations.find((o) => o.id === net.organisations.foodbank.id);
    expect(food).toMatchObject({
      name: 'Riverside Foodbank',
      leads: [{ name: 'lead@riverside.test', email: 'lead@riverside.test' }],
    });
    expect(food?.accounts).toBeGreaterThanOrEqual(2);
    expect(food?.dataSharingAcceptedAt).not.toBeNull();
    expect(res.body).not.toMatch(/Jane|Testclient|NR1|07700/);
  });

  it('kills a disabled user’s token on every endpoint at once', async () => {
    const fresh = await t.signIn('carol@eastfield.test');
    expect((await t.get(fresh, '/me')).statusCode).toBe(200);
    await db.query('update users set disabled = true where id = $1', [net.users.carol.id]);
    try {
      for (const url of ['/me', '/changes', `/referrals/${referralId}`, '/figures']) {
        expect((await t.get(fresh, url)).statusCode).toBe(401);
      }
      expect((await t.commands(fresh, [sendCommand(net.services.food)])).statusCode).toBe(401);
    } finally {
      await db.query('update users set disabled = false where id = $1', [net.users.carol.id]);
    }
  });
});
