import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { endExpiredSessions } from '#server/jobs/expire.ts';
import { startServer, type RunningServer } from '#server/start.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { openEvents } from '#server/test-support/sse.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import {
  DEFAULT_SESSION_IDLE_HOURS,
  DEFAULT_SESSION_MAX_DAYS,
  networkSettingsSchema,
} from '#src/wire/network.ts';

const HOUR = 3_600_000;

/**
 * Sessions end after the network's idle and absolute lifetimes (#12): the
 * server refuses them with the reason, deletes them, and tells their open
 * event streams, as it does for a disabled account.
 */
describe.each(BACKENDS)('session lifetimes on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let server: RunningServer;
  const clock = testClock();
  let n = 0;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    server = await startServer({ port: 0, db, now: clock.now, jobsEveryMs: 0 });
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  const later = (ms: number) => {
    clock.set(new Date(clock.now().getTime() + ms).toISOString());
  };

  /** A new adviser signed in on one device: their token. */
  const signedIn = async (): Promise<string> => {
    n += 1;
    const email = `lasting${String(n)}@northgate.test`;
    must(
      await createUser(db, {
        email,
        name: `Lasting ${String(n)}`,
        role: 'adviser',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    const res = await fetch(`${server.url}${API}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, device: 'desk' }),
    });
    return signInResponseSchema.parse(await res.json()).token;
  };

  const me = async (token: string) => {
    const res = await fetch(`${server.url}${API}/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  };

  const setLifetimes = async (settings: { sessionIdleHours?: number; sessionMaxDays?: number }) => {
    await db.query(
      `update network set settings = (settings - 'sessionIdleHours' - 'sessionMaxDays') || $1::text::jsonb`,
      [json(settings)],
    );
  };

  it('ends a session unused for the idle lifetime (12 hours by default), not one in use', async () => {
    await setLifetimes({});
    const token = await signedIn();
    later((DEFAULT_SESSION_IDLE_HOURS - 1) * HOUR);
    expect((await me(token)).status).toBe(200);
    // Used an hour ago: the idle time counts from then, not from the sign-in.
    later((DEFAULT_SESSION_IDLE_HOURS - 1) * HOUR);
    expect((await me(token)).status).toBe(200);
    later(DEFAULT_SESSION_IDLE_HOURS * HOUR);
    expect(await me(token)).toEqual({
      status: 401,
      body: { error: 'unauthenticated', detail: 'session-idle' },
    });
    // Ended for good: deleted, so it is now simply unknown.
    expect(await me(token)).toEqual({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('ends a session at its absolute lifetime (30 days by default) however much it is used', async () => {
    await setLifetimes({});
    const token = await signedIn();
    const start = clock.now().getTime();
    const end = start + DEFAULT_SESSION_MAX_DAYS * 24 * HOUR;
    // Used every 11 hours: never idle.
    while (clock.now().getTime() + 11 * HOUR < end) {
      later(11 * HOUR);
      expect((await me(token)).status).toBe(200);
    }
    later(11 * HOUR);
    expect(await me(token)).toEqual({
      status: 401,
      body: { error: 'unauthenticated', detail: 'session-expired' },
    });
  });

  it('follows the network’s own lifetimes, and refuses settings out of range', async () => {
    await setLifetimes({ sessionIdleHours: 1, sessionMaxDays: 1 });
    const idle = await signedIn();
    later(HOUR);
    expect((await me(idle)).body).toEqual({ error: 'unauthenticated', detail: 'session-idle' });
    const busy = await signedIn();
    // Used every 59 minutes: never idle, until the day is up.
    for (let i = 0; i < 24; i++) {
      later(HOUR - 60_000);
      expect((await me(busy)).status).toBe(200);
    }
    later(HOUR);
    expect((await me(busy)).body).toEqual({ error: 'unauthenticated', detail: 'session-expired' });
    const base = { acknowledgeDays: 3, actDays: 5, closures: [] };
    for (const bad of [
      { sessionIdleHours: 0 },
      { sessionIdleHours: 14 * 24 + 1 },
      { sessionIdleHours: 1.5 },
      { sessionMaxDays: 0 },
      { sessionMaxDays: 366 },
    ]) {
      expect(networkSettingsSchema.safeParse({ ...base, ...bad }).success).toBe(false);
    }
    expect(
      networkSettingsSchema.safeParse({ ...base, sessionIdleHours: 8, sessionMaxDays: 7 }).success,
    ).toBe(true);
    await setLifetimes({});
  });

  it('tells an open event stream its session has ended, and refuses to open one for it', async () => {
    await setLifetimes({});
    const token = await signedIn();
    const events = await openEvents(server.url, token);
    await events.waitFor((f) => f.startsWith('retry:'));
    later(DEFAULT_SESSION_IDLE_HOURS * HOUR);
    expect(await endExpiredSessions(db, clock.now())).toBeGreaterThanOrEqual(1);
    await events.waitFor((f) => f === 'event: signed-out\ndata: {}');
    await events.ended;
    const again = await fetch(`${server.url}${API}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(401);
  });

  it('refuses an expired session at the event stream with the reason', async () => {
    await setLifetimes({});
    const token = await signedIn();
    later(DEFAULT_SESSION_IDLE_HOURS * HOUR);
    const res = await fetch(`${server.url}${API}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthenticated', detail: 'session-idle' });
  });

  it('sends the security headers on the event stream too', async () => {
    const token = await signedIn();
    const abort = new AbortController();
    const res = await fetch(`${server.url}${API}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    abort.abort();
    await res.body?.cancel().catch(() => undefined);
  });
});
