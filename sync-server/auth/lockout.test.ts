import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_FACTOR, Lockout } from '#server/auth/lockout.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { PASSWORD, seedTestNetwork, testApp, testClock } from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';

const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };

describe.each(BACKENDS)('sign-in lockout on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  const clock = testClock();

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    await seedTestNetwork(db);
  });
  afterAll(async () => {
    await drop();
  });

  const signInOn = (app: ReturnType<typeof testApp>['app'], password: string, ip: string) =>
    app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email: 'alice@northgate.test', password, device: 'pc' },
      remoteAddress: ip,
    });

  it('holds across a restart and across instances, and keeps no email in the table', async () => {
    const first = testApp(db, { now: clock.now, lockout: policy });
    for (let i = 0; i < 3; i++) {
      expect((await signInOn(first.app, 'wrong guess', '10.2.0.1')).statusCode).toBe(401);
    }
    await first.app.close();
    // A second instance on the same database (or the same one restarted).
    const second = testApp(db, { now: clock.now, lockout: policy });
    const locked = await signInOn(second.app, PASSWORD, '10.2.0.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('120');
    expect(locked.json()).toEqual({ error: 'rate-limited', detail: 'try again in 2 minutes' });
    const rows = await db.query<Record<string, unknown>>('select * from sign_in_failures');
    expect(JSON.stringify(rows)).not.toMatch(/alice|northgate|10\.2\.0\.1/);
    clock.set(new Date(clock.now().getTime() + 121_000).toISOString());
    expect((await signInOn(second.app, PASSWORD, '10.2.0.1')).statusCode).toBe(200);
    await second.app.close();
  });

  it('locks an account guessed at from many addresses', async () => {
    const t = testApp(db, { now: clock.now, lockout: policy });
    const allowance = policy.maxFailures * ACCOUNT_FACTOR;
    for (let i = 0; i < allowance; i++) {
      // A new address for every guess: the per-address lock never trips.
      expect((await signInOn(t.app, `guess ${i}`, `10.3.0.${i + 1}`)).statusCode).toBe(401);
    }
    expect((await signInOn(t.app, PASSWORD, '10.3.1.1')).statusCode).toBe(429);
    await t.app.close();
  });

  it('forgets failures older than the window', async () => {
    const lockout = new Lockout(db, policy);
    const key = Lockout.key('test', 'window');
    await lockout.fail(key, clock.now());
    await lockout.fail(key, clock.now());
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    await lockout.fail(key, clock.now());
    expect(await lockout.lockedUntil(key, clock.now())).toBeNull();
    await lockout.fail(key, clock.now());
    await lockout.fail(key, clock.now());
    expect(await lockout.lockedUntil(key, clock.now())).not.toBeNull();
  });
});
