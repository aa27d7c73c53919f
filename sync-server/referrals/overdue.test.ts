import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';
import { overdueResponseSchema } from '#src/wire/overdue.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';

describe.each(BACKENDS)('overdue referrals for leads and the coordinator on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let foodLead: string;
  let housingLead: string;
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    for (const [email, organisationId] of [
      ['lead@riverside.test', net.organisations.foodbank.id],
      ['lead@eastfield.test', net.organisations.housing.id],
    ] as const) {
      const made = await createUser(db, {
        email,
        name: 'A Lead',
        role: 'lead',
        organisationId,
        password: PASSWORD,
      });
      if (!made.ok) throw new Error(made.reason);
    }
    t = testApp(db, { now: clock.now });
    [alice, bob, foodLead, housingLead, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('lead@riverside.test'),
      t.signIn('lead@eastfield.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const run = async (token: string, ...cmds: Command[]) => {
    const res = await t.commands(token, cmds);
    expect(res.statusCode).toBe(200);
    expect(commandResultsSchema.parse(res.json()).results.map((r) => r.status)).toEqual(
      cmds.map(() => 'applied'),
    );
  };
  const overdue = async (token: string) => {
    const res = await t.get(token, '/overdue-referrals');
    expect(res.statusCode).toBe(200);
    return { body: res.body, ...overdueResponseSchema.parse(res.json()) };
  };

  it('lists what is late for the receiving agency’s lead and the coordinator, without client details', async () => {
    clock.set('2026-11-20T10:00:00.000Z'); // Friday: acknowledge by Wed 25 Nov
    const late = sendCommand(net.services.food, { urgent: true, urgentReason: 'No food' });
    const answered = sendCommand(net.services.food);
    const elsewhere = sendCommand(net.services.tenancy);
    await run(alice, late, answered, elsewhere);
    await run(bob, act('referral.acknowledge', answered.referralId, {}));

    clock.set('2026-11-23T12:00:00.000Z');
    expect((await overdue(foodLead)).referrals).toEqual([]);

    clock.set('2026-11-26T12:00:00.000Z'); // Thursday
    const lead = await overdue(foodLead);
    expect(lead.scope).toBe('agency');
    // The urgent one was due on Mon 23 Nov; the tenancy one is another agency's.
    expect(lead.referrals.map((r) => [r.id, r.waitingFor, r.dueBy])).toEqual([
      [late.referralId, 'acknowledge', '2026-11-23'],
    ]);
    expect(lead.referrals[0]).toMatchObject({
      urgent: true,
      from: { organisationName: 'Northgate Advice Centre' },
      to: { serviceName: 'Emergency food parcels' },
    });

    const network = await overdue(coordinator);
    expect(network.scope).toBe('network');
    expect(new Set(network.referrals.map((r) => r.id))).toEqual(
      new Set([late.referralId, elsewhere.referralId]),
    );
    // No personal data, whoever asks: no name, phone, needs or urgent reason words.
    for (const body of [lead.body, network.body]) {
      for (const secret of ['Jane Testclient', '07700 900123', 'No food in the house', 'No food']) {
        expect(body).not.toContain(secret);
      }
    }
    expect((await overdue(housingLead)).referrals.map((r) => r.id)).toEqual([elsewhere.referralId]);

    // Advisers read the referrals themselves; this list is for leads and coordinators.
    expect((await t.get(bob, '/overdue-referrals')).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `${API}/overdue-referrals` })).statusCode,
    ).toBe(401);
  });
});
