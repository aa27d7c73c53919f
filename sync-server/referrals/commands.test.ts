import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';

describe.each(BACKENDS)('commands on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let carol: string;
  let hamish: string;
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: clock.now });
    [alice, bob, carol, hamish, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('hamish@highland.test'),
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
    return commandResultsSchema.parse(res.json()).results;
  };
  const view = async (token: string, id: string) => {
    const res = await t.get(token, `/referrals/${id}`);
    expect(res.statusCode).toBe(200);
    return referralSchema.parse(res.json());
  };

  it('sends, acknowledges, accepts, records contact and closes, with deadlines and events', async () => {
    clock.set('2026-11-20T10:00:00.000Z'); // a Friday
    const send = sendCommand(net.services.food, { urgent: false });
    expect(await run(alice, send)).toEqual([{ mutationId: send.mutationId, status: 'applied' }]);

    let r = await view(bob, send.referralId);
    expect(r.status).toBe('sent');
    expect(r.from.organisationId).toBe(net.organisations.advice.id);
    expect(r.to).toMatchObject({
      organisationId: net.organisations.foodbank.id,
      serviceId: net.services.food,
      serviceName: 'Emergency food parcels',
    });
    expect(r.sentAt).toBe('2026-11-20T10:00:00.000Z');
    expect(r.acknowledgeBy).toBe('2026-11-25'); // 3 working days: Mon, Tue, Wed
    expect(r.actBy).toBeNull();
    expect(r.postcodeDistrict).toBe('NR1');
    expect(r.payload).toEqual(send.payload);
    expect(r.consent).toEqual(send.consent);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      type: 'sent',
      at: '2026-11-20T10:00:00.000Z',
      actor: {
        userId: net.users.alice.id,
        name: 'alice',
        organisationId: net.organisations.advice.id,
        organisationName: 'Northgate Advice Centre',
      },
    });

    clock.set('2026-11-23T09:00:00.000Z'); // Monday
    const id = send.referralId;
    expect((await run(bob, act('referral.acknowledge', id, {})))[0]?.status).toBe('applied');
    r = await view(alice, id);
    expect(r.status).toBe('acknowledged');
    expect(r.actBy).toBe('2026-11-30'); // 5 working days after Monday
    expect(r.acknowledgeBy).toBe('2026-11-25');

    clock.set('2026-11-24T09:00:00.000Z');
    const results = await run(
      bob,
      act('referral.accept', id, {}),
      act('referral.record-contact', id, {}),
      act('referral.close', id, { outcome: 'Food parcel delivered; benefits check booked.' }),
    );
    expect(results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    r = await view(alice, id);
    expect(r.status).toBe('completed');
    expect(r.events.map((e) => e.type)).toEqual([
      'sent',
      'acknowledged',
      'accepted',
      'contact-recorded',
      'closed',
    ]);
    expect(r.events.at(-1)).toMatchObject({
      at: '2026-11-24T09:00:00.000Z',
      actor: { name: 'bob', organisationName: 'Riverside Foodbank' },
      data: { outcome: 'Food parcel delivered; benefits check booked.' },
    });
  });

  it('records first contact with its method and back-dated time, refusing the future and before sending (#12)', async () => {
    // Within the test network's session lifetime of the sign-ins (14 days idle).
    clock.set('2026-11-25T09:30:00.000Z');
    const send = sendCommand(net.services.food, { urgent: false });
    const id = send.referralId;
    await run(alice, send);
    clock.set('2026-11-27T12:00:00.000Z');
    await run(bob, act('referral.acknowledge', id, {}), act('referral.accept', id, {}));
    const before = await rowCounts(db);
    const refusals = await run(
      bob,
      act('referral.record-contact', id, { method: 'phone', contactedAt: '2026-11-27T13:00:00Z' }),
      act('referral.record-contact', id, { method: 'phone', contactedAt: '2026-11-25T09:00:00Z' }),
    );
    expect(refusals).toEqual([
      expect.objectContaining({ reason: 'contact-in-future', currentStatus: 'accepted' }),
      expect.objectContaining({ reason: 'contact-before-sent', currentStatus: 'accepted' }),
    ]);
    // Refused: nothing changed but the command log.
    expect((await view(alice, id)).status).toBe('accepted');
    expect((await rowCounts(db)).referral_events).toBe(before.referral_events);
    // A method that is not one is a bad request, reason-coded, not a 500.
    const bad = await t.commands(bob, [
      {
        ...act('referral.record-contact', id, { contactedAt: '2026-11-27T10:15:00Z' }),
        method: 'pigeon',
      } as unknown as Command,
    ]);
    expect(bad.statusCode).toBe(400);

    // Back-dated, in a time zone of its own: kept as the instant, in UTC.
    const recorded = act('referral.record-contact', id, {
      method: 'phone',
      contactedAt: '2026-11-27T10:15:00+00:00',
    });
    expect((await run(bob, recorded))[0]?.status).toBe('applied');
    const r = await view(alice, id);
    expect(r.status).toBe('in-progress');
    expect(r.events.at(-1)).toMatchObject({
      type: 'contact-recorded',
      at: '2026-11-27T12:00:00.000Z',
      data: { method: 'phone', contactedAt: '2026-11-27T10:15:00.000Z' },
    });
  });

  it("uses the receiving agency's nation for deadlines", async () => {
    clock.set('2026-11-26T10:00:00.000Z'); // Thursday; Mon 30 Nov is St Andrew's Day in Scotland
    const toScotland = sendCommand(net.services.scottishDebt);
    const toEngland = sendCommand(net.services.food);
    await run(alice, toScotland, toEngland);
    expect((await view(hamish, toScotland.referralId)).acknowledgeBy).toBe('2026-12-02');
    expect((await view(bob, toEngland.referralId)).acknowledgeBy).toBe('2026-12-01');

    clock.set('2026-11-27T10:00:00.000Z');
    await run(hamish, act('referral.acknowledge', toScotland.referralId, {}));
    // Friday + 5 working days, skipping St Andrew's Day: Tue 1 … Mon 7 December.
    expect((await view(alice, toScotland.referralId)).actBy).toBe('2026-12-07');
  });

  it('refuses illegal transitions and actions by the wrong side, with the current status', async () => {
    clock.set('2026-11-20T10:00:00.000Z');
    const send = sendCommand(net.services.food);
    await run(alice, send);
    const id = send.referralId;
    const before = await rowCounts(db);

    const accept = act('referral.accept', id, {}); // not yet acknowledged
    const aliceAcks = act('referral.acknowledge', id, {}); // referrer cannot acknowledge
    const bobWithdraws = act('referral.withdraw', id, { text: 'Not mine to withdraw' });
    const close = act('referral.close', id, { outcome: 'Done' });
    expect(await run(bob, accept)).toEqual([
      {
        mutationId: accept.mutationId,
        status: 'rejected',
        reason: 'not-allowed-now',
        currentStatus: 'sent',
      },
    ]);
    expect(await run(alice, aliceAcks)).toEqual([
      {
        mutationId: aliceAcks.mutationId,
        status: 'rejected',
        reason: 'forbidden',
        currentStatus: 'sent',
      },
    ]);
    expect((await run(bob, bobWithdraws))[0]).toMatchObject({
      reason: 'forbidden',
      currentStatus: 'sent',
    });
    expect((await run(bob, close))[0]).toMatchObject({ reason: 'not-allowed-now' });

    const after = await rowCounts(db);
    // Only the answers were kept (to answer replays); the referral did not move.
    expect(after).toEqual({ ...before, applied_mutations: (before.applied_mutations ?? 0) + 4 });
    const r = await view(alice, id);
    expect(r.status).toBe('sent');
    expect(r.events).toHaveLength(1);

    // Withdraw, then nothing else moves it; notes still go through.
    await run(alice, act('referral.withdraw', id, { text: 'Client found help elsewhere' }));
    expect((await run(bob, act('referral.acknowledge', id, {})))[0]).toMatchObject({
      reason: 'not-allowed-now',
      currentStatus: 'withdrawn',
    });
    expect(
      (await run(bob, act('referral.note', id, { noteId: newId(), text: 'Noted, thanks.' })))[0]
        ?.status,
    ).toBe('applied');
  });

  it('declines with a coded reason and records why', async () => {
    const send = sendCommand(net.services.food);
    await run(alice, send);
    const decline = act('referral.decline', send.referralId, {
      reason: 'no-capacity',
      text: 'No deliveries this week',
    });
    expect((await run(bob, decline))[0]?.status).toBe('applied');
    const r = await view(alice, send.referralId);
    expect(r.status).toBe('declined');
    expect(r.events.at(-1)).toMatchObject({
      type: 'declined',
      data: { reason: 'no-capacity', text: 'No deliveries this week' },
    });
  });

  it('refuses a decline for "another reason" with no words, with a 400 that changes nothing', async () => {
    const send = sendCommand(net.services.food);
    await run(alice, send);
    const bare = act('referral.decline', send.referralId, { reason: 'other', text: '  ' });
    const res = await t.commands(bob, [bare]);
    expect(res.statusCode).toBe(400);
    expect((await view(alice, send.referralId)).status).toBe('sent');
    const explained = act('referral.decline', send.referralId, {
      reason: 'other',
      text: 'We only serve the east of the borough.',
    });
    expect((await run(bob, explained))[0]?.status).toBe('applied');
    expect((await view(alice, send.referralId)).events.at(-1)).toMatchObject({
      type: 'declined',
      data: { reason: 'other', text: 'We only serve the east of the borough.' },
    });
  });

  it('redirects a declined referral: a new one linked to it, only by its referrer, only once it ended', async () => {
    const first = sendCommand(net.services.food);
    await run(alice, first);
    // Not yet declined: nothing to redirect from.
    const early = sendCommand(net.services.tenancy, { redirectedFrom: first.referralId });
    expect(await run(alice, early)).toEqual([
      {
        mutationId: early.mutationId,
        status: 'rejected',
        reason: 'not-allowed-now',
        currentStatus: 'sent',
      },
    ]);
    await run(bob, act('referral.decline', first.referralId, { reason: 'no-capacity', text: '' }));
    // The receiver cannot redirect the referrer's referral; a third agency cannot see it.
    const byReceiver = sendCommand(net.services.tenancy, { redirectedFrom: first.referralId });
    const byOutsider = sendCommand(net.services.food, { redirectedFrom: first.referralId });
    expect((await run(bob, byReceiver))[0]).toMatchObject({ reason: 'forbidden' });
    expect((await run(carol, byOutsider))[0]).toMatchObject({
      reason: 'not-found',
      currentStatus: null,
    });
    const counts = await rowCounts(db);

    const redirect = sendCommand(net.services.tenancy, {
      redirectedFrom: first.referralId,
      urgent: true,
      urgentReason: 'Eviction date on Friday',
    });
    expect((await run(alice, redirect))[0]?.status).toBe('applied');
    const r = await view(alice, redirect.referralId);
    expect(r).toMatchObject({
      redirectedFrom: first.referralId,
      urgent: true,
      urgentReason: 'Eviction date on Friday',
      to: { serviceName: 'Tenancy support' },
    });
    expect((await rowCounts(db)).referrals).toBe((counts.referrals ?? 0) + 1);
    // The earlier referral is unchanged.
    expect((await view(alice, first.referralId)).status).toBe('declined');
  });

  it('refuses sends to a paused service, to its own agency, to an unknown service, and a reused id', async () => {
    const paused = sendCommand(net.services.pausedTenancy);
    const own = sendCommand(net.services.debt);
    const unknown = sendCommand(newId());
    const first = sendCommand(net.services.food);
    const reused = sendCommand(net.services.tenancy, { referralId: first.referralId });
    const results = await run(alice, paused, own, unknown, first, reused);
    expect(results.map((r) => r.status === 'rejected' && r.reason)).toEqual([
      'service-not-receiving',
      'own-organisation',
      'not-found',
      false,
      'conflict',
    ]);
    expect(results[4]).toMatchObject({ currentStatus: 'sent' });
    // Someone outside the pair reusing the id learns nothing about it: not even that it exists (#12).
    const carolReuse = sendCommand(net.services.food, { referralId: first.referralId });
    const unused = sendCommand(net.services.food, { referralId: newId() });
    expect((await run(carol, carolReuse))[0]).toEqual({
      mutationId: carolReuse.mutationId,
      status: 'rejected',
      reason: 'not-found',
      currentStatus: null,
    });
    // The same answer as for an id nobody holds, to a service that does not exist.
    expect((await run(carol, { ...unused, serviceId: newId() }))[0]).toMatchObject({
      reason: 'not-found',
      currentStatus: null,
    });
    expect((await view(bob, first.referralId)).to.serviceId).toBe(net.services.food);
  });

  it('lets a third agency and a coordinator do nothing to a referral', async () => {
    const send = sendCommand(net.services.food);
    await run(alice, send);
    const before = await rowCounts(db);
    const carolAck = act('referral.acknowledge', send.referralId, {});
    const carolNote = act('referral.note', send.referralId, { noteId: newId(), text: 'Hello?' });
    expect(await run(carol, carolAck, carolNote)).toEqual([
      {
        mutationId: carolAck.mutationId,
        status: 'rejected',
        reason: 'not-found',
        currentStatus: null,
      },
      {
        mutationId: carolNote.mutationId,
        status: 'rejected',
        reason: 'not-found',
        currentStatus: null,
      },
    ]);
    const coAck = act('referral.acknowledge', send.referralId, {});
    expect((await run(coordinator, coAck))[0]).toMatchObject({ reason: 'forbidden' });
    const coSend = sendCommand(net.services.food);
    expect((await run(coordinator, coSend))[0]).toMatchObject({ reason: 'forbidden' });
    const after = await rowCounts(db);
    expect(after).toEqual({ ...before, applied_mutations: (before.applied_mutations ?? 0) + 4 });
  });

  it('takes notes from both sides at any time, once per note id', async () => {
    const send = sendCommand(net.services.food);
    await run(alice, send);
    const id = send.referralId;
    const noteId = newId();
    await run(bob, act('referral.note', id, { noteId, text: 'Can you confirm the address?' }));
    await run(alice, act('referral.note', id, { noteId: newId(), text: 'Confirmed.' }));
    const again = act('referral.note', id, { noteId, text: 'Same id, new mutation' });
    expect((await run(alice, again))[0]).toMatchObject({
      reason: 'conflict',
      currentStatus: 'sent',
    });
    const r = await view(alice, id);
    expect(r.status).toBe('sent');
    expect(r.events.map((e) => [e.type, e.data.text])).toEqual([
      ['sent', undefined],
      ['note', 'Can you confirm the address?'],
      ['note', 'Confirmed.'],
    ]);
    expect(r.events[1]?.id).toBe(noteId);
    // A third agency using that note id on its own referral learns nothing of it (#12).
    const carols = sendCommand(net.services.food);
    await run(carol, carols);
    const probe = act('referral.note', carols.referralId, { noteId, text: 'Probe' });
    expect((await run(carol, probe))[0]).toMatchObject({
      reason: 'not-found',
      currentStatus: null,
    });
  });

  it('applies a replayed mutation once and answers it the same', async () => {
    const send = sendCommand(net.services.food);
    const ack = act('referral.acknowledge', send.referralId, {});
    const accept = act('referral.accept', send.referralId, {});
    expect((await run(alice, send))[0]?.status).toBe('applied');
    const first = await run(bob, ack, accept);
    const before = await rowCounts(db);
    const viewBefore = await view(bob, send.referralId);

    // The client did not hear the answers and sends its outbox again.
    expect(await run(alice, send)).toEqual([{ mutationId: send.mutationId, status: 'applied' }]);
    expect(await run(bob, ack, accept)).toEqual(first);
    // A rejected command replays as the same rejection.
    const early = act('referral.close', send.referralId, { outcome: 'x' });
    const rejected = await run(bob, early);
    const countsAfterReject = await rowCounts(db);
    expect(await run(bob, early)).toEqual(rejected);
    expect(await rowCounts(db)).toEqual(countsAfterReject);

    expect(countsAfterReject).toEqual({
      ...before,
      applied_mutations: (before.applied_mutations ?? 0) + 1,
    });
    expect(await view(bob, send.referralId)).toEqual(viewBefore);

    // Another user's mutation id is not theirs to replay, and it tells them nothing (#12).
    const stolen = await run(carol, { ...ack });
    expect(stolen[0]).toMatchObject({ status: 'rejected', reason: 'not-found' });
  });

  it('applies the commands of one batch in order', async () => {
    const send = sendCommand(net.services.food);
    const note = act('referral.note', send.referralId, { noteId: newId(), text: 'Sent today' });
    const withdraw = act('referral.withdraw', send.referralId, { text: 'Sent in error' });
    const results = await run(alice, send, note, withdraw);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect((await view(bob, send.referralId)).status).toBe('withdrawn');
  });
});
