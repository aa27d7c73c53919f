import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { receivingHistory } from '#server/directory/commands.ts';
import { loadService } from '#server/directory/services.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  must,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import type { ServiceCommand } from '#src/wire/directory.ts';

describe.each(BACKENDS)('directory commands on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let lena: string; // lead at Eastfield Housing Trust
  let fred: string; // lead at Riverside Foodbank
  let carol: string; // adviser at Eastfield
  let alice: string; // adviser at Northgate
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    await addLead(db, net.organisations.housing.id, 'lena@eastfield.test', 'Lena Lead');
    await addLead(db, net.organisations.foodbank.id, 'fred@riverside.test', 'Fred Lead');
    t = testApp(db, { now: clock.now });
    [lena, fred, carol, alice, coordinator] = await Promise.all([
      t.signIn('lena@eastfield.test'),
      t.signIn('fred@riverside.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('alice@northgate.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const post = (token: string, commands: unknown[]) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/commands`,
      headers: t.auth(token),
      payload: { commands },
    });
  const run = async (token: string, ...commands: unknown[]) => {
    const res = await post(token, commands);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results;
  };
  const pause = (serviceId: string, until: string, reason: string): ServiceCommand => ({
    type: 'service.setReceiving',
    mutationId: newId(),
    serviceId,
    receiving: { state: 'paused', until, reason },
    capacity: { status: 'no-capacity', places: 0 },
  });
  const changeCount = async () =>
    (await db.query<{ n: number }>('select count(*) as n from changes'))[0]?.n ?? -1;

  it('lets a lead pause their own service until a date, records who did it, and tells every desk', async () => {
    clock.set('2026-11-20T10:00:00.000Z');
    const before = await changeCount();
    const command = pause(net.services.tenancy, '2026-11-25', 'Two advisers on leave');
    expect(await run(lena, command)).toEqual([
      { mutationId: command.mutationId, status: 'applied' },
    ]);
    const service = await loadService(db, net.services.tenancy);
    expect(service?.receiving).toEqual({
      state: 'paused',
      until: '2026-11-25',
      reason: 'Two advisers on leave',
    });
    expect(service?.capacity).toEqual({ status: 'no-capacity', places: 0 });
    expect(await changeCount()).toBe(before + 1);
    const [feed] = await db.query<{ kind: string; entity_id: string; visible_to: unknown }>(
      'select kind, entity_id, visible_to from changes order by seq desc limit 1',
    );
    expect(feed).toEqual({ kind: 'service', entity_id: net.services.tenancy, visible_to: null });
    expect(await receivingHistory(db, net.services.tenancy)).toEqual([
      {
        at: '2026-11-20T10:00:00.000Z',
        actorName: 'Lena Lead',
        state: 'paused',
        until: '2026-11-25',
        reason: 'Two advisers on leave',
        capacityStatus: 'no-capacity',
        capacityPlaces: 0,
      },
    ]);
  });

  it('answers a replay with the stored result and changes nothing', async () => {
    const command = pause(net.services.tenancy, '2026-11-26', 'Still on leave');
    await run(lena, command);
    const history = await receivingHistory(db, net.services.tenancy);
    const changes = await changeCount();
    expect(await run(lena, command)).toEqual([
      { mutationId: command.mutationId, status: 'applied' },
    ]);
    expect(await receivingHistory(db, net.services.tenancy)).toEqual(history);
    expect(await changeCount()).toBe(changes);
    // Someone else replaying that mutation id learns nothing about it, not even that it exists (#12).
    expect((await run(coordinator, command))[0]).toMatchObject({ reason: 'not-found' });
  });

  it('refuses advisers and leads of other organisations, changing nothing', async () => {
    const before = await loadService(db, net.services.tenancy);
    const history = await receivingHistory(db, net.services.tenancy);
    for (const token of [carol, alice, fred]) {
      const command = pause(net.services.tenancy, '2027-01-10', 'Not mine to pause');
      expect(await run(token, command)).toEqual([
        {
          mutationId: command.mutationId,
          status: 'rejected',
          reason: 'forbidden',
          currentStatus: null,
        },
      ]);
    }
    expect(await loadService(db, net.services.tenancy)).toEqual(before);
    expect(await receivingHistory(db, net.services.tenancy)).toEqual(history);
  });

  it('lets a coordinator change any service, and says not-found for an unknown one', async () => {
    const command: ServiceCommand = {
      type: 'service.setReceiving',
      mutationId: newId(),
      serviceId: net.services.food,
      receiving: { state: 'receiving', until: null, reason: 'ignored when receiving' },
      capacity: { status: 'waitlist', places: null },
    };
    expect((await run(coordinator, command))[0]?.status).toBe('applied');
    const food = await loadService(db, net.services.food);
    expect(food?.receiving).toEqual({ state: 'receiving', until: null, reason: null });
    expect(food?.capacity).toEqual({ status: 'waitlist', places: null });
    expect((await run(coordinator, pause(newId(), '2027-01-01', 'x')))[0]).toMatchObject({
      status: 'rejected',
      reason: 'not-found',
    });
  });

  it('refuses a pause without a return date as bad input', async () => {
    const res = await post(lena, [
      {
        type: 'service.setReceiving',
        mutationId: newId(),
        serviceId: net.services.tenancy,
        receiving: { state: 'paused', until: null, reason: 'No date' },
        capacity: { status: 'capacity', places: null },
      },
    ]);
    expect(res.statusCode).toBe(400);
  });

  it('refuses referrals while paused, and takes them again from the return date by itself', async () => {
    await run(lena, pause(net.services.tenancy, '2026-11-25', 'Two advisers on leave'));
    clock.set('2026-11-24T16:00:00.000Z');
    const early = sendCommand(net.services.tenancy, { issues: ['housing'] });
    expect((await run(alice, early))[0]).toMatchObject({ reason: 'service-not-receiving' });
    clock.set('2026-11-25T08:00:00.000Z');
    const onTheDay = sendCommand(net.services.tenancy, { issues: ['housing'] });
    expect((await run(alice, onTheDay))[0]?.status).toBe('applied');
  });

  it('keeps the HSDS details of a service as they were given', async () => {
    const details = {
      alternate_name: 'Money help',
      url: 'https://example.org/money',
      eligibility_description: 'Adults living in Northtown.',
      minimum_age: 18,
      maximum_age: null,
      eligibility: {
        local_authorities: ['Northtown'],
        referring_organization_ids: [net.organisations.advice.id],
        other_criteria: ['Not already working with another debt adviser'],
      },
      application_process: 'Refer through Handover; we call within two days.',
      referral_requirements: 'A list of debts and a recent bank statement.',
      fees_description: 'Free',
      languages: [{ name: 'Welsh', code: 'cy' }],
      schedules: [
        { byday: 'MO,WE', opens_at: '09:30:00', closes_at: '16:00:00', description: 'Drop-in' },
      ],
      service_areas: [{ name: 'Northtown', description: null }],
      contacts: [
        { name: 'Pat Money', title: 'Lead adviser', email: 'pat@example.org', phone: null },
      ],
      locations: [
        {
          name: 'Main office',
          address_1: '1 High Street',
          city: 'Northtown',
          postal_code: 'NR1 1AA',
        },
      ],
      required_documents: [{ document: 'Photo ID' }],
      assured_date: '2026-10-01',
    };
    const { id } = must(
      await createService(db, {
        organisationId: net.organisations.advice.id,
        name: 'Money help line',
        description: 'Phone advice on debts.',
        issues: ['debt'],
        areas: ['NR1', 'NR2'],
        capacity: { status: 'assessment-needed', places: 3 },
        details,
      }),
    );
    const service = await loadService(db, id);
    expect(service).toMatchObject({
      ...details,
      capacity: { status: 'assessment-needed', places: 3 },
    });
    expect(service?.areas).toEqual(['NR1', 'NR2']);
  });
});
