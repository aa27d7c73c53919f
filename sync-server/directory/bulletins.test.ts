import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';
import {
  bulletinSchema,
  bulletinsResponseSchema,
  directorySettingsSchema,
} from '#src/wire/bulletins.ts';

/**
 * Bulletins and the directory's network settings (#4): everyone reads the
 * news; the coordinator posts it, and leads only where the network allows.
 */
describe.each(BACKENDS)('bulletins on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock('2026-11-20T10:00:00.000Z');
  let t: ReturnType<typeof testApp>;
  let fred: string; // lead, Riverside Foodbank
  let alice: string; // adviser
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    must(
      await createUser(db, {
        email: 'fred@riverside.test',
        name: 'Fred Lead',
        role: 'lead',
        organisationId: net.organisations.foodbank.id,
        password: PASSWORD,
      }),
    );
    t = testApp(db, { now: clock.now });
    [fred, alice, coordinator] = await Promise.all([
      t.signIn('fred@riverside.test'),
      t.signIn('alice@northgate.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const post = (token: string, url: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `${API}${url}`, headers: t.auth(token), payload });
  const news = { title: 'New: holiday hunger club', body: 'Lunches for children in the holidays.' };
  const count = async () =>
    Number((await db.query<{ n: number }>('select count(*) as n from bulletins'))[0]?.n);

  it('lets the coordinator post news that everyone reads, newest first', async () => {
    const res = await post(coordinator, '/bulletins', news);
    expect(res.statusCode).toBe(201);
    expect(bulletinSchema.parse(res.json())).toMatchObject({
      ...news,
      authorName: 'Coordinator',
      organisationName: null,
      postedAt: '2026-11-20T10:00:00.000Z',
    });
    clock.set('2026-11-21T10:00:00.000Z');
    await post(coordinator, '/bulletins', { title: 'Closed on Friday', body: 'Staff training.' });
    const read = bulletinsResponseSchema.parse((await t.get(alice, '/bulletins')).json());
    expect(read.bulletins.map((b) => b.title)).toEqual(['Closed on Friday', news.title]);
  });

  it('refuses leads until the network allows them, and advisers always', async () => {
    const before = await count();
    expect((await post(fred, '/bulletins', news)).statusCode).toBe(403);
    expect((await post(alice, '/bulletins', news)).statusCode).toBe(403);
    expect((await post(coordinator, '/bulletins', { title: ' ', body: 'x' })).statusCode).toBe(400);
    expect(await count()).toBe(before);

    // Only the coordinator changes the setting.
    const allow = { reviewMonths: 6, leadsMayPostBulletins: true };
    expect((await post(fred, '/network/directory-settings', allow)).statusCode).toBe(403);
    const set = await post(coordinator, '/network/directory-settings', allow);
    expect(directorySettingsSchema.parse(set.json())).toEqual(allow);
    expect(
      directorySettingsSchema.parse((await t.get(alice, '/network/directory-settings')).json()),
    ).toEqual(allow);
    expect(
      (await post(coordinator, '/network/directory-settings', { ...allow, reviewMonths: 0 }))
        .statusCode,
    ).toBe(400);

    const byLead = await post(fred, '/bulletins', news);
    expect(byLead.statusCode).toBe(201);
    expect(bulletinSchema.parse(byLead.json()).organisationName).toBe('Riverside Foodbank');
    expect((await post(alice, '/bulletins', news)).statusCode).toBe(403);
  });
});
