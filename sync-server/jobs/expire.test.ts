import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { expireUnanswered } from '#server/jobs/expire.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { changesResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';

describe.each(BACKENDS)('closing unanswered referrals as "no response" on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
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

  const run = async (token: string, ...cmds: Command[]) => {
    const res = await t.commands(token, cmds);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results;
  };
  const view = async (token: string, id: string) =>
    referralSchema.parse((await t.get(token, `/referrals/${id}`)).json());

  it('closes a referral only after the limit, once, and tells both sides through the feed', async () => {
    clock.set('2026-11-20T10:00:00.000Z'); // a Friday
    const unanswered = sendCommand(net.services.food);
    const acknowledged = sendCommand(net.services.food);
    const accepted = sendCommand(net.services.food);
    await run(alice, unanswered, acknowledged, accepted);
    clock.set('2026-11-23T10:00:00.000Z'); // Monday
    await run(
      bob,
      act('referral.acknowledge', acknowledged.referralId, {}),
      act('referral.acknowledge', accepted.referralId, {}),
      act('referral.accept', accepted.referralId, {}),
    );
    expect((await view(alice, unanswered.referralId)).acknowledgeBy).toBe('2026-11-25');
    expect((await view(alice, acknowledged.referralId)).actBy).toBe('2026-11-30');

    // Acknowledge by Wed 25 Nov, plus 5 working days: open to the end of Wed 2 Dec.
    expect(await expireUnanswered(db, new Date('2026-12-02T23:30:00.000Z'))).toEqual([]);
    const cursor = changesResponseSchema.parse(
      (await t.get(alice, '/changes?after=0&limit=500')).json(),
    );
    expect(cursor.more).toBe(false);

    const thursday = new Date('2026-12-03T08:00:00.000Z');
    // Two instances at once: each referral is closed exactly once.
    const runs = await Promise.all([
      expireUnanswered(db, thursday),
      expireUnanswered(db, thursday),
    ]);
    expect(runs.flat()).toEqual([unanswered.referralId]);

    const closed = await view(alice, unanswered.referralId);
    expect(closed.status).toBe('no-response');
    expect(closed.events.at(-1)).toMatchObject({
      type: 'expired',
      at: thursday.toISOString(),
      actor: { userId: null, organisationId: null, name: 'Handover (automatic)' },
      data: { waitingFor: 'acknowledge', lastDay: '2026-12-02' },
    });
    // Acted on in time, or still within the limit: untouched.
    expect((await view(bob, acknowledged.referralId)).status).toBe('acknowledged');
    expect((await view(bob, accepted.referralId)).status).toBe('accepted');

    for (const token of [alice, bob]) {
      const page = changesResponseSchema.parse(
        (await t.get(token, `/changes?after=${String(cursor.cursor)}&limit=100`)).json(),
      );
      expect(
        page.changes.some((c) => c.kind === 'referral' && c.referral.id === unanswered.referralId),
      ).toBe(true);
    }

    // Act by Mon 30 Nov, plus 5 working days: closed from Tue 8 Dec.
    expect(await expireUnanswered(db, new Date('2026-12-07T12:00:00.000Z'))).toEqual([]);
    expect(await expireUnanswered(db, new Date('2026-12-08T12:00:00.000Z'))).toEqual([
      acknowledged.referralId,
    ]);
    expect((await view(alice, acknowledged.referralId)).events.at(-1)?.data).toMatchObject({
      waitingFor: 'act',
    });
    // A closed referral refuses any more answers, and says why.
    expect(await run(bob, act('referral.acknowledge', unanswered.referralId, {}))).toMatchObject([
      { status: 'rejected', reason: 'not-allowed-now', currentStatus: 'no-response' },
    ]);
  });
});
