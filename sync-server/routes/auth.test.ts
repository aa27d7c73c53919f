import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  PASSWORD,
  seedTestNetwork,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API, meSchema, signInResponseSchema } from '#src/wire/api.ts';

describe.each(BACKENDS)('sign-in and sessions on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, {
      now: clock.now,
      lockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 },
    });
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const signIn = (email: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email, password, device: 'Front desk PC' },
      remoteAddress: ip,
    });

  it('signs in with the right password, any case of email, and answers /me', async () => {
    const res = await signIn('Alice@Northgate.TEST', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = signInResponseSchema.parse(res.json());
    expect(body.user).toEqual({
      id: net.users.alice.id,
      name: 'alice',
      email: 'alice@northgate.test',
      role: 'adviser',
      organisationId: net.organisations.advice.id,
    });
    expect(body.organisation?.name).toBe('Northgate Advice Centre');
    expect(body.network.settings.acknowledgeDays).toBe(3);
    expect(body.token.length).toBeGreaterThanOrEqual(40);

    const me = await t.get(body.token, '/me');
    expect(me.statusCode).toBe(200);
    expect(meSchema.parse(me.json()).user.id).toBe(net.users.alice.id);
    // Only a hash of the token is stored.
    const stored = await db.query<{ token_hash: string; device: string }>(
      'select token_hash, device from sessions where user_id = $1',
      [net.users.alice.id],
    );
    expect(stored.some((s) => s.token_hash === body.token)).toBe(false);
    expect(stored.map((s) => s.device)).toContain('Front desk PC');
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const wrong = await signIn('bob@riverside.test', 'not the password', '10.0.0.2');
    const unknown = await signIn('nobody@nowhere.test', 'not the password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'bad-credentials' });
    expect(unknown.json()).toEqual({ error: 'bad-credentials' });
  });

  it('locks an email+address pair out after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await signIn('carol@eastfield.test', 'guess', '10.0.0.3')).statusCode).toBe(401);
    }
    const locked = await signIn('carol@eastfield.test', PASSWORD, '10.0.0.3');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ error: 'rate-limited', detail: 'try again in 1 minutes' });
    expect(locked.headers['retry-after']).toBe('60');
    // Another address is not locked out by someone else's guessing.
    expect((await signIn('carol@eastfield.test', PASSWORD, '10.0.0.4')).statusCode).toBe(200);
    // The lock is short.
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    expect((await signIn('carol@eastfield.test', PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('refuses requests without a live token, and signs out', async () => {
    const none = await t.app.inject({ method: 'GET', url: `${API}/me` });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: 'unauthenticated' });
    const junk = await t.get('x'.repeat(43), '/me');
    expect(junk.statusCode).toBe(401);
    const basic = await t.app.inject({
      method: 'GET',
      url: `${API}/changes`,
      headers: { authorization: 'Basic YWxpY2U6cGFzc3dvcmQ=' },
    });
    expect(basic.statusCode).toBe(401);

    const token = await t.signIn('hamish@highland.test');
    expect((await t.get(token, '/me')).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-out`,
      headers: t.auth(token),
    });
    expect(out.statusCode).toBe(204);
    expect((await t.get(token, '/me')).statusCode).toBe(401);
  });

  it('refuses a disabled account', async () => {
    const token = await t.signIn('bob@riverside.test');
    await db.query('update users set disabled = true where id = $1', [net.users.bob.id]);
    expect((await t.get(token, '/me')).statusCode).toBe(401);
    expect((await signIn('bob@riverside.test', PASSWORD, '10.0.0.9')).statusCode).toBe(401);
    await db.query('update users set disabled = false where id = $1', [net.users.bob.id]);
  });

  it('gives a coordinator no organisation', async () => {
    const res = await signIn('co@network.test', PASSWORD);
    const body = signInResponseSchema.parse(res.json());
    expect(body.user.role).toBe('coordinator');
    expect(body.organisation).toBeNull();
  });
});
