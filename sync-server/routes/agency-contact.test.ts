import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { agencyContacts } from '#server/email/deliver.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  seedTestNetwork,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';
import { AGENCY_CONTACT_PATH } from '#src/wire/agency-contact.ts';

/** The lead sets where their own agency's new-referral emails go (#3). */
describe.each(BACKENDS)('agency email contact on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let lead: string;
  let bob: string;
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db);
    await addLead(db, net.organisations.foodbank.id, 'lead@riverside.test', 'Rita Lead');
    [lead, bob, coordinator] = await Promise.all([
      t.signIn('lead@riverside.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const put = (token: string, body: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: `${API}${AGENCY_CONTACT_PATH}`,
      headers: t.auth(token),
      payload: body as Record<string, unknown>,
    });

  it('lets the lead set and clear it for their own agency only', async () => {
    const food = net.organisations.foodbank.id;
    expect(await agencyContacts(db, food)).toEqual(['lead@riverside.test']);
    const set = await put(lead, { email: 'Intake@Riverside.Example' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ email: 'intake@riverside.example' });
    expect((await t.get(lead, AGENCY_CONTACT_PATH)).json()).toEqual({
      email: 'intake@riverside.example',
    });
    expect(await agencyContacts(db, food)).toEqual(['intake@riverside.example']);
    // Another agency is untouched.
    expect(await agencyContacts(db, net.organisations.advice.id)).toEqual([]);
    expect((await put(lead, { email: null })).json()).toEqual({ email: null });
    expect(await agencyContacts(db, food)).toEqual(['lead@riverside.test']);
  });

  it('refuses advisers, coordinators, bad addresses and anyone signed out, changing nothing', async () => {
    await put(lead, { email: 'intake@riverside.example' });
    expect((await put(bob, { email: 'bob@evil.example' })).statusCode).toBe(403);
    expect((await t.get(bob, AGENCY_CONTACT_PATH)).statusCode).toBe(403);
    expect((await put(coordinator, { email: 'co@evil.example' })).statusCode).toBe(403);
    expect((await put(lead, { email: 'not an address' })).statusCode).toBe(400);
    expect((await put(lead, {})).statusCode).toBe(400);
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: `${API}${AGENCY_CONTACT_PATH}`,
      payload: { email: 'x@y.example' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await agencyContacts(db, net.organisations.foodbank.id)).toEqual([
      'intake@riverside.example',
    ]);
  });
});
