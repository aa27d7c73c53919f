import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';

/**
 * Referring a client the service's rules exclude (#4): the server refuses it
 * without the referrer's reason and records the rules and the reason with
 * it, for the receiver to read. The client in `sendCommand` was born in 1980
 * and lives in NR1.
 */
describe.each(BACKENDS)('eligibility overrides on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let youthClub: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    youthClub = must(
      await createService(db, {
        organisationId: net.organisations.foodbank.id,
        name: 'Youth food club',
        description: 'Cooking and a hot meal for young people.',
        issues: ['food-support'],
        areas: ['NR5'],
        details: { minimum_age: 16, maximum_age: 25 },
      }),
    ).id;
    t = testApp(db, { now: clock.now });
    [alice, bob] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const send = async (token: string, command: ReturnType<typeof sendCommand>) => {
    const res = await t.commands(token, [command]);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results[0];
  };

  it('refuses a referral the rules exclude when no reason is given, and changes nothing', async () => {
    const before = await rowCounts(db);
    const command = sendCommand(youthClub);
    const result = await send(alice, command);
    expect(result).toMatchObject({ status: 'rejected', reason: 'not-eligible' });
    const after = await rowCounts(db);
    // Only the answer is remembered (a replay gets the same refusal).
    expect({ ...after, applied_mutations: before.applied_mutations }).toEqual(before);
  });

  it('refuses a reason of spaces as no reason', async () => {
    const command = sendCommand(youthClub, {
      eligibilityOverride: { rules: ['age'], reason: '   ' },
    });
    // The schema trims it to nothing: the whole batch is refused as unreadable.
    const res = await t.commands(alice, [command]);
    expect(res.statusCode).toBe(400);
  });

  it('takes it with a reason, recording the rules it found; the receiver reads both', async () => {
    const command = sendCommand(youthClub, {
      eligibilityOverride: { rules: ['age'], reason: 'Care leaver; your team agreed by phone' },
    });
    expect(await send(alice, command)).toMatchObject({ status: 'applied' });
    const res = await t.get(bob, `/referrals/${command.referralId}`);
    expect(res.statusCode).toBe(200);
    const referral = referralSchema.parse(res.json());
    expect(referral.eligibilityOverride).toEqual({
      rules: ['age', 'area'],
      reason: 'Care leaver; your team agreed by phone',
    });
  });

  it('keeps a rule only the desk could check (age not shared), and the reason', async () => {
    const base = sendCommand(youthClub);
    const command = sendCommand(youthClub, {
      payload: { ...base.payload, client: { ...base.payload.client, dateOfBirth: null } },
      postcodeDistrict: 'NR5',
      eligibilityOverride: { rules: ['age'], reason: 'Turns 25 next month' },
    });
    expect(await send(alice, command)).toMatchObject({ status: 'applied' });
    const res = await t.get(alice, `/referrals/${command.referralId}`);
    expect(referralSchema.parse(res.json()).eligibilityOverride).toEqual({
      rules: ['age'],
      reason: 'Turns 25 next month',
    });
  });

  it('records no override for a client the rules do not exclude', async () => {
    const command = sendCommand(net.services.food);
    expect(await send(alice, command)).toMatchObject({ status: 'applied' });
    const res = await t.get(bob, `/referrals/${command.referralId}`);
    expect(referralSchema.parse(res.json()).eligibilityOverride).toBeNull();
  });
});
