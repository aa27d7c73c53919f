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
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';

/**
 * The admin tool's one-time password (#6): it signs nobody in; it only lets
 * its owner choose their own password, once. Enforced by the server.
 */
const ONE_TIME = 'Kx7pQ-2mWzr-9TbnH-4vYcL';
const CHOSEN = 'a walk along the estuary at dawn';

describe.each(BACKENDS)('one-time passwords on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let userId: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    await seedTestNetwork(db);
    userId = must(
      await createUser(db, {
        email: 'new.coordinator@network.test',
        name: 'Nell Coordinator',
        role: 'coordinator',
        organisationId: null,
        password: ONE_TIME,
        mustChangePassword: true,
      }),
    ).id;
    t = testApp(db, { now: clock.now });
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const signIn = (email: string, password: string, ip = '10.6.0.1') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email, password, device: 'pc' },
      remoteAddress: ip,
    });
  const change = (email: string, password: string, newPassword: string, ip = '10.6.0.1') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/auth/change-password`,
      payload: { email, password, newPassword },
      remoteAddress: ip,
    });
  const sessions = async () =>
    Number(
      (
        await db.query<{ n: number | string }>(
          'select count(*) as n from sessions where user_id = $1',
          [userId],
        )
      )[0]?.n,
    );

  it('signs nobody in with a one-time password: only the step of choosing one’s own', async () => {
    const res = await signIn('new.coordinator@network.test', ONE_TIME);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'password-change-required' });
    expect(res.body).not.toContain('token');
    expect(await sessions()).toBe(0);
    // A wrong password is still just wrong: it says nothing about the account.
    expect((await signIn('new.coordinator@network.test', 'not the password')).json()).toEqual({
      error: 'bad-credentials',
    });
  });

  it('changes it once, with the one-time password, to one that meets the policy', async () => {
    const wrongOld = await change('new.coordinator@network.test', 'guessing wrongly', CHOSEN);
    expect(wrongOld.statusCode).toBe(401);
    expect(wrongOld.json()).toEqual({ error: 'bad-credentials' });
    const unknown = await change('nobody@network.test', ONE_TIME, CHOSEN);
    expect(unknown.json()).toEqual({ error: 'bad-credentials' });
    const common = await change('new.coordinator@network.test', ONE_TIME, 'password1234');
    expect(common.json()).toEqual({ error: 'weak-password', detail: 'too-common' });
    const same = await change('new.coordinator@network.test', ONE_TIME, ONE_TIME);
    expect(same.json()).toEqual({ error: 'weak-password', detail: 'same-as-before' });
    const short = await change('new.coordinator@network.test', ONE_TIME, 'short');
    expect(short.json()).toEqual({ error: 'weak-password', detail: 'too-short' });

    expect((await change('new.coordinator@network.test', ONE_TIME, CHOSEN)).statusCode).toBe(204);
    // The one-time password is gone; the chosen one signs in.
    expect((await signIn('new.coordinator@network.test', ONE_TIME)).statusCode).toBe(401);
    expect((await signIn('new.coordinator@network.test', CHOSEN)).statusCode).toBe(200);
    // Once: the route is for one-time passwords only.
    const again = await change('new.coordinator@network.test', CHOSEN, 'yet another long phrase');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: 'conflict', detail: 'not-one-time' });
    const [entry] = await db.query<{ action: string; actor_user_id: string }>(
      `select action, actor_user_id from audit_log where action = 'password.change-one-time'`,
    );
    expect(entry?.actor_user_id).toBe(userId);
  });

  it('is not a way round a password someone chose themselves', async () => {
    const res = await change('alice@northgate.test', PASSWORD, 'a different long passphrase');
    expect(res.statusCode).toBe(409);
    expect((await signIn('alice@northgate.test', PASSWORD, '10.6.0.2')).statusCode).toBe(200);
  });

  it('brakes guessing the one-time password like sign-in', async () => {
    must(
      await createUser(db, {
        email: 'late@network.test',
        name: 'Late Starter',
        role: 'coordinator',
        organisationId: null,
        password: ONE_TIME,
        mustChangePassword: true,
      }),
    );
    for (let i = 0; i < 5; i++) {
      expect(
        (await change('late@network.test', `wrong guess ${String(i)}`, CHOSEN, '10.6.0.9'))
          .statusCode,
      ).toBe(401);
    }
    const locked = await change('late@network.test', ONE_TIME, CHOSEN, '10.6.0.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });
});
