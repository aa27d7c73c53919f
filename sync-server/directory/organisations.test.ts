import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { loadService } from '#server/directory/services.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import { organisationViewSchema } from '#src/wire/organisation-edit.ts';

/** An agency's details (#4): read by the network, kept by its lead or a coordinator. */
describe.each(BACKENDS)('organisation details on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let fred: string; // lead, Riverside Foodbank
  let lena: string; // lead, Eastfield
  let alice: string; // adviser, Northgate
  let coordinator: string;
  let foodbank: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    foodbank = net.organisations.foodbank.id;
    for (const [email, org] of [
      ['fred@riverside.test', foodbank],
      ['lena@eastfield.test', net.organisations.housing.id],
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
    t = testApp(db);
    [fred, lena, alice, coordinator] = await Promise.all([
      t.signIn('fred@riverside.test'),
      t.signIn('lena@eastfield.test'),
      t.signIn('alice@northgate.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const save = (token: string, id: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/organisation-details/${id}`,
      headers: t.auth(token),
      payload: body,
    });
  const details = {
    name: 'Riverside Community Foodbank',
    description: 'Emergency food and advice, run by volunteers.',
    website: 'https://riverside.example.org',
    email: 'hello@riverside.example.org',
    phone: '01603 111111',
  };
  const changes = async () =>
    Number((await db.query<{ n: number }>('select count(*) as n from changes'))[0]?.n);

  it('lets the lead change their agency’s details; its services carry the new name to every desk', async () => {
    const before = await changes();
    const res = await save(fred, foodbank, details);
    expect(res.statusCode).toBe(200);
    expect(organisationViewSchema.parse(res.json())).toMatchObject(details);
    expect((await loadService(db, net.services.food))?.organization_name).toBe(
      'Riverside Community Foodbank',
    );
    // One change per service of the agency, so desks refresh the name.
    expect(await changes()).toBe(before + 1);
    const read = await t.get(alice, `/organisation-details/${foodbank}`);
    expect(organisationViewSchema.parse(read.json())).toMatchObject(details);
  });

  it('refuses another agency’s lead and advisers; lets the coordinator change any', async () => {
    for (const token of [lena, alice]) {
      const res = await save(token, foodbank, { ...details, name: 'Hijacked' });
      expect(res.statusCode).toBe(403);
    }
    expect((await save(coordinator, foodbank, { ...details, phone: '' })).statusCode).toBe(200);
    const read = organisationViewSchema.parse(
      (await t.get(alice, `/organisation-details/${foodbank}`)).json(),
    );
    expect(read).toMatchObject({ name: 'Riverside Community Foodbank', phone: null });
  });

  it('refuses details that do not make sense, and unknown agencies', async () => {
    for (const bad of [
      { ...details, name: ' ' },
      { ...details, email: 'not an email' },
      { ...details, website: 'riverside' },
    ]) {
      expect((await save(fred, foodbank, bad)).statusCode).toBe(400);
    }
    expect((await save(coordinator, newId(), details)).statusCode).toBe(404);
    expect((await t.get(alice, `/organisation-details/${newId()}`)).statusCode).toBe(404);
  });
});
