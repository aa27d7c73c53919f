import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { loadService } from '#server/directory/services.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  must,
  seedTestNetwork,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import type { ServiceEditInput } from '#src/wire/service-edit.ts';

/**
 * Keeping the directory true (#4): leads edit their own agency's services
 * and add new ones (which start paused), coordinators any; saving or
 * confirming stamps the review date; every desk hears of it.
 */
describe.each(BACKENDS)('editing and reviewing services on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock('2026-11-20T10:00:00.000Z');
  let t: ReturnType<typeof testApp>;
  let fred: string; // lead, Riverside Foodbank
  let lena: string; // lead, Eastfield Housing Trust
  let bob: string; // adviser, Riverside Foodbank
  let coordinator: string;
  let parcels: string;

  const edit: ServiceEditInput = {
    name: 'Emergency food parcels',
    description: 'Three days of food for a household in crisis.',
    issues: ['food-support'],
    areas: ['nr1', 'NR'],
    email: 'parcels@riverside.test',
    phone: '01603 000000',
    accepts_self_referral: true,
    eligibility_description: 'Anyone in crisis with a referral',
    minimum_age: 18,
    maximum_age: null,
    other_criteria: ['Lives in the city'],
    application_process: 'Refer through Handover',
    referral_requirements: 'Household size',
    fees_description: 'Free',
    languages: ['English', 'Polish'],
    opening_times: 'Mon to Fri 10:00–14:00',
    contact: { name: 'Rita Rota', phone: '01603 000001', email: '' },
  };

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    await addLead(db, net.organisations.foodbank.id, 'fred@riverside.test', 'fred@riverside.test');
    await addLead(db, net.organisations.housing.id, 'lena@eastfield.test', 'lena@eastfield.test');
    parcels = must(
      await createService(db, {
        organisationId: net.organisations.foodbank.id,
        name: 'Parcels',
        description: 'Food',
        issues: ['food-support'],
        details: {
          languages: [{ name: 'Polish', code: 'pl' }],
          locations: [
            { name: 'Depot', address_1: '1 Quay', city: 'Norwich', postal_code: 'NR1 1AA' },
          ],
        },
      }),
    ).id;
    t = testApp(db, { now: clock.now });
    [fred, lena, bob, coordinator] = await Promise.all([
      t.signIn('fred@riverside.test'),
      t.signIn('lena@eastfield.test'),
      t.signIn('bob@riverside.test'),
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
  const run = async (token: string, command: unknown) => {
    const res = await post(token, [command]);
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results[0];
  };
  const update = (serviceId: string, over: Partial<ServiceEditInput> = {}) => ({
    type: 'service.update',
    mutationId: newId(),
    serviceId,
    edit: { ...edit, ...over },
  });
  const changes = async () =>
    Number((await db.query<{ n: number }>('select count(*) as n from changes'))[0]?.n);

  it('lets a lead edit their own service, keeping what the form does not show, and stamps the review', async () => {
    const before = await changes();
    expect(await run(fred, update(parcels))).toMatchObject({ status: 'applied' });
    const s = await loadService(db, parcels);
    expect(s).toMatchObject({
      name: 'Emergency food parcels',
      areas: ['NR1', 'NR'],
      accepts_self_referral: true,
      minimum_age: 18,
      eligibility: { other_criteria: ['Lives in the city'] },
      fees_description: 'Free',
      languages: [
        { name: 'English', code: null },
        { name: 'Polish', code: 'pl' },
      ],
      schedules: [{ description: 'Mon to Fri 10:00–14:00' }],
      contacts: [{ name: 'Rita Rota', phone: '01603 000001', email: null }],
      locations: [{ name: 'Depot', postal_code: 'NR1 1AA' }],
      assured_date: '2026-11-20',
    });
    expect(await changes()).toBe(before + 1);
    // Opening times left alone (null) keep the schedules held.
    expect(
      await run(fred, update(parcels, { opening_times: null, description: 'Food for three days' })),
    ).toMatchObject({ status: 'applied' });
    expect((await loadService(db, parcels))?.schedules).toMatchObject([
      { description: 'Mon to Fri 10:00–14:00' },
    ]);
  });

  it('refuses another agency’s lead and advisers; lets the coordinator edit any', async () => {
    expect(await run(lena, update(parcels, { name: 'Hijacked' }))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden',
    });
    expect(await run(bob, update(parcels, { name: 'Hijacked' }))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden',
    });
    expect((await loadService(db, parcels))?.name).toBe('Emergency food parcels');
    expect(
      await run(coordinator, update(parcels, { fees_description: 'Free, always' })),
    ).toMatchObject({ status: 'applied' });
    expect((await loadService(db, parcels))?.fees_description).toBe('Free, always');
  });

  it('refuses an edit that does not make sense, changing nothing', async () => {
    const before = await changes();
    for (const bad of [
      { minimum_age: 30, maximum_age: 20 },
      { issues: [] },
      { areas: ['12AB'] },
      { name: '  ' },
    ]) {
      const res = await post(fred, [update(parcels, bad)]);
      expect(res.statusCode).toBe(400);
    }
    expect(await changes()).toBe(before);
  });

  it('confirms a record is still right: only the review date moves', async () => {
    const before = await loadService(db, parcels);
    clock.set('2027-12-01T10:00:00.000Z');
    // A year on, everyone's session has outlived its absolute lifetime (#12): sign in again.
    [fred, lena, bob, coordinator] = await Promise.all([
      t.signIn('fred@riverside.test'),
      t.signIn('lena@eastfield.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('co@network.test'),
    ]);
    expect(
      await run(fred, { type: 'service.confirmReview', mutationId: newId(), serviceId: parcels }),
    ).toMatchObject({ status: 'applied' });
    const after = await loadService(db, parcels);
    expect(after?.assured_date).toBe('2027-12-01');
    expect({ ...after, assured_date: null, updated_at: null }).toEqual({
      ...before,
      assured_date: null,
      updated_at: null,
    });
    expect(
      await run(lena, { type: 'service.confirmReview', mutationId: newId(), serviceId: parcels }),
    ).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });

  it('adds a service for the lead’s own agency, paused until they turn it on', async () => {
    const serviceId = newId();
    const create = (token: string, organisationId: string, id = serviceId) => ({
      type: 'service.create',
      mutationId: newId(),
      serviceId: id,
      organisationId,
      edit: { ...edit, name: 'Holiday hunger club' },
    });
    expect(await run(fred, create(fred, net.organisations.housing.id, newId()))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden',
    });
    expect(await run(fred, create(fred, net.organisations.foodbank.id))).toMatchObject({
      status: 'applied',
    });
    expect(await loadService(db, serviceId)).toMatchObject({
      name: 'Holiday hunger club',
      organization_name: 'Riverside Foodbank',
      receiving: { state: 'paused', until: null },
      assured_date: '2027-12-01',
    });
    expect(await run(fred, create(fred, net.organisations.foodbank.id))).toMatchObject({
      status: 'rejected',
      reason: 'conflict',
    });
    expect(
      await run(coordinator, create(coordinator, net.organisations.housing.id, newId())),
    ).toMatchObject({ status: 'applied' });
    // It is in the open HSDS directory at once.
    const hsds = await t.app.inject({
      method: 'GET',
      url: `/openreferral/v3/services/${serviceId}`,
    });
    expect(hsds.statusCode).toBe(200);
  });
});
