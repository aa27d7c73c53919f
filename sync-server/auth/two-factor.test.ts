import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import { secretBox } from '#server/auth/secret-box.ts';
import { totpCode } from '#server/auth/totp.ts';
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
import { twoFactorStartSchema } from '#src/wire/accounts.ts';
import { API, meSchema, signInResponseSchema } from '#src/wire/api.ts';

describe('secret box', () => {
  it('seals with the server key (AES-GCM, tamper-evident) and marks plain storage without one', () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    const flipped = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => box.open(flipped)).toThrow();
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(secretBox(null).seal('S')).toBe('plain:S');
  });
});

describe.each(BACKENDS)('two-factor sign-in on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    must(
      await createUser(db, {
        email: 'lead@northgate.test',
        name: 'Lead',
        role: 'lead',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    t = testApp(db, {
      now: clock.now,
      secretKey: randomBytes(32),
      lockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 },
    });
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const signIn = (email: string, code?: string, ip = '10.4.0.1') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email, password: PASSWORD, device: 'pc', ...(code !== undefined && { code }) },
      remoteAddress: ip,
    });
  const post = (token: string, url: string, payload: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `${API}${url}`, headers: t.auth(token), payload });

  it('sets up with a first code, then asks for a code at every sign-in', async () => {
    const token = await t.signIn('alice@northgate.test');
    const started = twoFactorStartSchema.parse((await post(token, '/me/two-factor/start')).json());
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/Handover:alice%40northgate\.test\?/);
    // Stored sealed, not as the secret itself.
    const [row] = await db.query<{ totp_secret: string }>(
      'select totp_secret from users where id = $1',
      [net.users.alice.id],
    );
    expect(row?.totp_secret.startsWith('v1:')).toBe(true);
    expect(row?.totp_secret).not.toContain(started.secret);
    // Not on until confirmed: sign-in still needs no code.
    expect((await signIn('alice@northgate.test')).statusCode).toBe(200);
    expect((await post(token, '/me/two-factor/confirm', { code: '000000' })).statusCode).toBe(400);
    const confirm = await post(token, '/me/two-factor/confirm', {
      code: totpCode(started.secret, clock.now()),
    });
    expect(confirm.statusCode).toBe(204);

    // The set-up code is spent: it does not sign in.
    const setUpCode = totpCode(started.secret, clock.now());
    expect((await signIn('alice@northgate.test', setUpCode)).json()).toEqual({
      error: 'two-factor-invalid',
    });
    clock.set(new Date(clock.now().getTime() + 30_000).toISOString());
    const noCode = await signIn('alice@northgate.test');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toEqual({ error: 'two-factor-required' });
    const wrong = await signIn('alice@northgate.test', '123456');
    expect(wrong.json()).toEqual({ error: 'two-factor-invalid' });
    const code = totpCode(started.secret, clock.now());
    const good = await signIn('alice@northgate.test', code);
    expect(good.statusCode).toBe(200);
    // Seen over a shoulder and typed again: a code works once.
    const replay = await signIn('alice@northgate.test', code, '10.4.0.2');
    expect(replay.json()).toEqual({ error: 'two-factor-invalid' });
    const me = meSchema.parse(
      (await t.get(signInResponseSchema.parse(good.json()).token, '/me')).json(),
    );
    expect(me.twoFactor).toEqual({ enabled: true, mustSetUp: false });
  });

  it('locks out guessing of codes as of passwords', async () => {
    const ip = '10.4.0.9';
    for (let i = 0; i < 3; i++) {
      expect((await signIn('alice@northgate.test', '11111' + String(i), ip)).statusCode).toBe(401);
    }
    expect((await signIn('alice@northgate.test', '222222', ip)).statusCode).toBe(429);
  });

  it('checks no more codes than the limit when forty arrive at once (#12)', async () => {
    // The password is known; every code is a guess, counted before it is checked.
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn('alice@northgate.test', String(100_000 + i), '10.4.0.10').then((r) => r.statusCode),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
  });

  it('lets a coordinator require it of leads: until set up, a lead’s session can only set it up', async () => {
    const co = await t.signIn('co@network.test');
    const alice = await t.signIn('alice@northgate.test', PASSWORD).catch(() => null);
    expect(alice).toBeNull(); // two-factor is on for Alice: the helper has no code
    const bob = await t.signIn('bob@riverside.test');
    expect((await post(bob, '/network/two-factor', { required: true })).statusCode).toBe(403);
    // The rule covers coordinators too: one without it would shut themselves out, so is refused.
    const first = await post(co, '/network/two-factor', { required: true });
    expect(first.statusCode).toBe(409);
    expect(first.json()).toEqual({ error: 'conflict', detail: 'two-factor-first' });
    // This one sets it up first.
    const coSecret = twoFactorStartSchema.parse((await post(co, '/me/two-factor/start')).json());
    await post(co, '/me/two-factor/confirm', { code: totpCode(coSecret.secret, clock.now()) });
    expect((await post(co, '/network/two-factor', { required: true })).statusCode).toBe(204);

    const lead = await t.signIn('lead@northgate.test');
    const me = meSchema.parse((await t.get(lead, '/me')).json());
    expect(me.twoFactor).toEqual({ enabled: false, mustSetUp: true });
    expect(me.network.settings.requireTwoFactor).toBe(true);
    const blocked = await t.get(lead, '/changes');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toEqual({ error: 'two-factor-setup-required' });
    // Advisers are not covered by the rule.
    expect((await t.get(bob, '/changes')).statusCode).toBe(200);

    const started = twoFactorStartSchema.parse((await post(lead, '/me/two-factor/start')).json());
    await post(lead, '/me/two-factor/confirm', { code: totpCode(started.secret, clock.now()) });
    expect((await t.get(lead, '/changes')).statusCode).toBe(200);
    // And it cannot be turned off while the network requires it.
    const off = await post(lead, '/me/two-factor/disable', {
      password: PASSWORD,
      code: totpCode(started.secret, clock.now()),
    });
    expect(off.statusCode).toBe(403);
    expect(off.json()).toEqual({ error: 'forbidden', detail: 'network-requires-two-factor' });
    expect((await post(co, '/network/two-factor', { required: false })).statusCode).toBe(204);
    expect(
      (
        await post(lead, '/me/two-factor/disable', {
          password: PASSWORD,
          code: totpCode(started.secret, clock.now()),
        })
      ).statusCode,
    ).toBe(204);
    expect((await signIn('lead@northgate.test', undefined, '10.4.0.20')).statusCode).toBe(200);
  });

  it('turns off only with the password and a current code; guessing locks it', async () => {
    must(
      await createUser(db, {
        email: 'dee@northgate.test',
        name: 'Dee Adviser',
        role: 'adviser',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    const dee = await t.signIn('dee@northgate.test');
    const { secret } = twoFactorStartSchema.parse((await post(dee, '/me/two-factor/start')).json());
    await post(dee, '/me/two-factor/confirm', { code: totpCode(secret, clock.now()) });
    const code = () => totpCode(secret, clock.now());
    // Neither alone is enough; a code alone is not even a valid request.
    expect((await post(dee, '/me/two-factor/disable', { code: code() })).statusCode).toBe(400);
    const wrongPassword = await post(dee, '/me/two-factor/disable', {
      password: 'not the password at all',
      code: code(),
    });
    expect(wrongPassword.json()).toEqual({ error: 'bad-credentials' });
    const wrongCode = await post(dee, '/me/two-factor/disable', {
      password: PASSWORD,
      code: code() === '000000' ? '111111' : '000000',
    });
    expect(wrongCode.json()).toEqual({ error: 'two-factor-invalid' });
    const [stillOn] = await db.query<{ on: boolean }>(
      `select totp_enabled_at is not null as on from users where email = 'dee@northgate.test'`,
    );
    expect(stillOn?.on).toBe(true);
    // The third wrong answer locks turning it off (this app allows 3), even with the right ones.
    await post(dee, '/me/two-factor/disable', { password: 'still not it', code: code() });
    const locked = await post(dee, '/me/two-factor/disable', { password: PASSWORD, code: code() });
    expect(locked.statusCode).toBe(429);
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    const off = await post(dee, '/me/two-factor/disable', { password: PASSWORD, code: code() });
    expect(off.statusCode).toBe(204);
    expect((await signIn('dee@northgate.test', undefined, '10.4.0.30')).statusCode).toBe(200);
    const [audit] = await db.query<{ action: string }>(
      `select action from audit_log order by n desc limit 1`,
    );
    expect(audit?.action).toBe('sign-in');
    expect(
      (
        await db.query(
          `select 1 from audit_log a join users u on u.id = a.actor_user_id
            where a.action = 'two-factor.off' and u.email = 'dee@northgate.test'`,
        )
      ).length,
    ).toBe(1);
  });
});
