import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';

/** GET /referrals/:id/fhir (#3): the FHIR R4 Task, for the pair only. */
describe.each(BACKENDS)('FHIR export over HTTP on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let carol: string;
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: clock.now });
    [alice, bob, carol, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  it('gives each side of the pair the Task, with the status mapped and no client details', async () => {
    const send = sendCommand(net.services.food, { urgent: true, urgentReason: 'No food at all' });
    await t.commands(alice, [send]);
    await t.commands(bob, [
      act('referral.decline', send.referralId, { reason: 'no-capacity', text: 'Full this week' }),
    ]);
    for (const token of [alice, bob]) {
      const res = await t.get(token, `/referrals/${send.referralId}/fhir`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const task = res.json<Record<string, unknown>>();
      expect(task).toMatchObject({
        resourceType: 'Task',
        id: send.referralId,
        status: 'rejected',
        intent: 'order',
        priority: 'urgent',
        businessStatus: { coding: [{ code: 'declined' }] },
        statusReason: { coding: [{ code: 'no-capacity' }] },
        owner: { identifier: { value: net.organisations.foodbank.id } },
        focus: { identifier: { value: net.services.food } },
      });
      // Routing metadata only: nothing of the client, their needs or the decline's words.
      for (const personal of [
        'Jane Testclient',
        '07700 900123',
        'No food in the house',
        'Full this week',
      ]) {
        expect(res.body).not.toContain(personal);
      }
    }
  });

  it('answers 404 to a third agency, a coordinator and an unknown id, and 401 signed out', async () => {
    const send = sendCommand(net.services.food);
    await t.commands(alice, [send]);
    for (const token of [carol, coordinator]) {
      expect((await t.get(token, `/referrals/${send.referralId}/fhir`)).statusCode).toBe(404);
    }
    expect((await t.get(alice, `/referrals/${net.services.food}/fhir`)).statusCode).toBe(404);
    expect((await t.get(alice, '/referrals/not-a-uuid/fhir')).statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `${API}/referrals/${send.referralId}/fhir`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
