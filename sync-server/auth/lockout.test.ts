import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createUser } from '#server/admin/directory.ts';
import { Brakes, brakeKey, evictBrakes } from '#server/auth/brakes.ts';
import { ACCOUNT_FACTOR, ADDRESS_FACTOR } from '#server/auth/lockout.ts';
import type { Db } from '#server/db/db.ts';
import { openDb } from '#server/db/open.ts';
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

const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };

/**
 * The brakes count an attempt BEFORE its secret is checked (#12). A guess
 * that was checked answers 401 (or 200 when right); one refused unchecked
 * answers 429. So the 401s and 200s of a burst are exactly the checks made.
 */
const checked = (statuses: number[]) => statuses.filter((s) => s === 401 || s === 200).length;

describe.each(BACKENDS)('sign-in brakes on $name', (backend) => {
  let db: Db;
  let url: string | null;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let n = 0;

  beforeAll(async () => {
    ({ db, url, drop } = await backend.open());
    net = await seedTestNetwork(db);
  });
  afterAll(async () => {
    await drop();
  });

  /** A new adviser, so each test starts with brakes of its own. */
  const adviser = async (): Promise<{ id: string; email: string }> => {
    n += 1;
    const email = `guessed${String(n)}@northgate.test`;
    const made = must(
      await createUser(db, {
        email,
        name: `Guessed ${String(n)}`,
        role: 'adviser',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    return { id: made.id, email };
  };

  const signInOn = (app: FastifyInstance, email: string, password: string, ip: string) =>
    app
      .inject({
        method: 'POST',
        url: `${API}/auth/sign-in`,
        payload: { email, password, device: 'pc' },
        remoteAddress: ip,
      })
      .then((r) => r.statusCode);

  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query<{ n: string | number }>(sql, params))[0]?.n ?? -1);
  const sessionsOf = (userId: string) =>
    count('select count(*) as n from sessions where user_id = $1', [userId]);
  const auditOf = (action: string, userId: string | null) =>
    count(
      userId === null
        ? 'select count(*) as n from audit_log where action = $1 and actor_user_id is null'
        : 'select count(*) as n from audit_log where action = $1 and actor_user_id = $2',
      userId === null ? [action] : [action, userId],
    );

  it('holds across a restart and across instances, and keeps no email in the table', async () => {
    const { email } = await adviser();
    const first = testApp(db, { now: clock.now, lockout: policy });
    for (let i = 0; i < 3; i++) {
      expect(await signInOn(first.app, email, 'wrong guess', '10.2.0.1')).toBe(401);
    }
    await first.app.close();
    // A second instance on the same database (or the same one restarted).
    const second = testApp(db, { now: clock.now, lockout: policy });
    const locked = await second.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email, password: PASSWORD, device: 'pc' },
      remoteAddress: '10.2.0.1',
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('120');
    expect(locked.json()).toEqual({ error: 'rate-limited', detail: 'try again in 2 minutes' });
    const rows = await db.query<Record<string, unknown>>('select * from brakes');
    expect(JSON.stringify(rows)).not.toMatch(/guessed|northgate|10\.2\.0\.1/);
    clock.set(new Date(clock.now().getTime() + 121_000).toISOString());
    expect(await signInOn(second.app, email, PASSWORD, '10.2.0.1')).toBe(200);
    await second.app.close();
  });

  it('locks an account guessed at from many addresses', async () => {
    const { email } = await adviser();
    const t = testApp(db, { now: clock.now, lockout: policy });
    const allowance = policy.maxFailures * ACCOUNT_FACTOR;
    for (let i = 0; i < allowance; i++) {
      // A new address for every guess: the per-address lock never trips.
      expect(await signInOn(t.app, email, `guess ${i}`, `10.3.0.${i + 1}`)).toBe(401);
    }
    expect(await signInOn(t.app, email, PASSWORD, '10.3.1.1')).toBe(429);
    await t.app.close();
  });

  it('checks no more guesses than the limit when sixty arrive at once from one address', async () => {
    const { id, email } = await adviser();
    const t = testApp(db, { now: clock.now, lockout: policy });
    const burst = [
      ...Array.from({ length: 60 }, (_, i) => signInOn(t.app, email, `guess ${i}`, '10.4.0.1')),
      signInOn(t.app, email, PASSWORD, '10.4.0.1'),
    ];
    const statuses = await Promise.all(burst);
    expect(checked(statuses)).toBe(policy.maxFailures);
    expect(statuses.at(-1)).toBe(429);
    expect(await sessionsOf(id)).toBe(0);
    // The audit log holds one failure and one lock, not sixty rows.
    expect(await auditOf('sign-in.failed', id)).toBe(1);
    expect(await auditOf('sign-in.locked', id)).toBe(1);
    await t.app.close();
  });

  it('checks no more guesses than the account allows when they come from sixty addresses at once', async () => {
    const { id, email } = await adviser();
    const t = testApp(db, { now: clock.now, lockout: policy });
    const burst = [
      ...Array.from({ length: 60 }, (_, i) => signInOn(t.app, email, `guess ${i}`, `10.5.${i}.1`)),
      signInOn(t.app, email, PASSWORD, '10.5.99.1'),
    ];
    const statuses = await Promise.all(burst);
    expect(checked(statuses)).toBe(policy.maxFailures * ACCOUNT_FACTOR);
    expect(statuses.at(-1)).toBe(429);
    expect(await sessionsOf(id)).toBe(0);
    expect(await auditOf('sign-in.failed', id)).toBe(1);
    await t.app.close();
  });

  it('brakes one address guessing many accounts, a hundred at once', async () => {
    const t = testApp(db, { now: clock.now, lockout: policy });
    const before = await auditOf('sign-in.failed', null);
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        signInOn(t.app, `nobody${i}@elsewhere.test`, 'a guess', '10.6.0.1'),
      ),
    );
    expect(checked(statuses)).toBe(policy.maxFailures * ADDRESS_FACTOR);
    // Unknown emails: one entry for the address's window, not one per guess.
    expect((await auditOf('sign-in.failed', null)) - before).toBe(1);
    // A real account from that address is braked too, until the lock ends.
    const { email } = await adviser();
    expect(await signInOn(t.app, email, PASSWORD, '10.6.0.1')).toBe(429);
    await t.app.close();
  });

  it('shares the count between two server instances on one database, guessed at once', async () => {
    const { id, email } = await adviser();
    // On PostgreSQL the second instance has its own connections, as another process would.
    const other = url === null ? db : await openDb({ databaseUrl: url });
    const a = testApp(db, { now: clock.now, lockout: policy });
    const b = testApp(other, { now: clock.now, lockout: policy });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          signInOn(i % 2 === 0 ? a.app : b.app, email, `guess ${i}`, '10.7.0.1'),
        ),
      );
      expect(checked(statuses)).toBe(policy.maxFailures);
      expect(await signInOn(b.app, email, PASSWORD, '10.7.0.1')).toBe(429);
      expect(await sessionsOf(id)).toBe(0);
    } finally {
      await a.app.close();
      await b.app.close();
      if (other !== db) await other.close();
    }
  });

  it('gives a right answer its attempt back, so an office sharing an address is not locked out', async () => {
    const t = testApp(db, { now: clock.now, lockout: policy });
    const staff = await Promise.all(
      Array.from({ length: policy.maxFailures * ADDRESS_FACTOR + 2 }, () => adviser()),
    );
    for (const { email } of staff) {
      expect(await signInOn(t.app, email, PASSWORD, '10.8.0.1')).toBe(200);
    }
    await t.app.close();
  });

  it('behind a trusted proxy, brakes the address that sent the request, not the proxy’s', async () => {
    const { email } = await adviser();
    const viaProxy = (app: FastifyInstance, password: string, from: string) =>
      app
        .inject({
          method: 'POST',
          url: `${API}/auth/sign-in`,
          payload: { email, password, device: 'pc' },
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': from },
        })
        .then((r) => r.statusCode);
    const trusting = testApp(db, { now: clock.now, lockout: policy, trustProxy: '127.0.0.1' });
    for (let i = 0; i < policy.maxFailures; i++) {
      expect(await viaProxy(trusting.app, `guess ${i}`, '198.51.100.1')).toBe(401);
    }
    expect(await viaProxy(trusting.app, PASSWORD, '198.51.100.1')).toBe(429);
    // Someone else behind the same proxy is not locked out by that guessing.
    expect(await viaProxy(trusting.app, PASSWORD, '198.51.100.2')).toBe(200);
    // Not trusted, the header is ignored: the proxy's address is the one braked.
    const { email: other } = await adviser();
    const plain = testApp(db, { now: clock.now, lockout: policy });
    for (let i = 0; i < policy.maxFailures; i++) {
      expect(await signInOn(plain.app, other, `guess ${i}`, '127.0.0.1')).toBe(401);
    }
    const spoofed = await plain.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email: other, password: PASSWORD, device: 'pc' },
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.3' },
    });
    expect(spoofed.statusCode).toBe(429);
    await trusting.app.close();
    await plain.app.close();
  });

  it('forgets counts older than the window, and evicts rows whose window and lock are over', async () => {
    const brakes = new Brakes(db);
    const brake = { key: brakeKey('test', 'window'), policy: { ...policy, limit: 3 } };
    const take = async () => (await brakes.take([brake], clock.now())).ok;
    expect(await take()).toBe(true);
    expect(await take()).toBe(true);
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    expect(await take()).toBe(true);
    expect(await take()).toBe(true);
    expect(await take()).toBe(true);
    expect(await take()).toBe(false);
    const rowCount = () =>
      count('select count(*) as n from brakes where key_hash = $1', [brake.key]);
    await evictBrakes(db, clock.now());
    expect(await rowCount()).toBe(1);
    // Past the lock (2 minutes from the refusal) and the window: evicted.
    clock.set(new Date(clock.now().getTime() + 121_000).toISOString());
    await evictBrakes(db, clock.now());
    expect(await rowCount()).toBe(0);
  });
});
