import { describe, expect, it } from 'vitest';
import { BACKENDS } from '#server/test-support/backends.ts';
import { serverSuite } from '#server/test-support/suite.ts';
import { API, meSchema } from '#src/wire/api.ts';
import { DESK_SETTINGS_PATH } from '#src/wire/desk-settings.ts';

/**
 * The agency's desk settings (#5): its lead sets how soon idle desks lock;
 * every desk of the agency reads it in `GET /me`; nobody else can change it.
 */
describe.each(BACKENDS)('desk settings on $name', (backend) => {
  const s = serverSuite(backend, {
    leads: [{ email: 'lead@northgate.test', agency: 'advice' }],
    signedIn: [
      'lead@northgate.test',
      'alice@northgate.test',
      'bob@riverside.test',
      'co@network.test',
    ],
  });
  const token = (email: string): string => s.token(email);
  const settingsFor = async (email: string) => {
    const res = await s.t.get(token(email), '/me');
    expect(res.statusCode).toBe(200);
    return meSchema.parse(res.json()).desk;
  };
  const minutesFor = async (email: string): Promise<number | undefined> =>
    (await settingsFor(email))?.autoLockMinutes;
  const set = (email: string, payload: unknown) =>
    s.t.app.inject({
      method: 'POST',
      url: `${API}${DESK_SETTINGS_PATH}`,
      headers: s.t.auth(token(email)),
      payload: payload as Record<string, unknown>,
    });

  it('starts every agency at 10 minutes, and says so to coordinators too', async () => {
    expect(await minutesFor('alice@northgate.test')).toBe(10);
    expect(await minutesFor('co@network.test')).toBe(10);
  });

  it('lets the lead set it for their own agency only', async () => {
    expect((await set('lead@northgate.test', { autoLockMinutes: 3 })).statusCode).toBe(204);
    expect(await minutesFor('alice@northgate.test')).toBe(3);
    expect(await minutesFor('lead@northgate.test')).toBe(3);
    expect(await minutesFor('bob@riverside.test')).toBe(10);
    const audit = await s.db.query<{ action: string }>(
      `select action from audit_log where action = 'organisation.desk-settings'`,
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses advisers and coordinators, and changes nothing', async () => {
    expect((await set('alice@northgate.test', { autoLockMinutes: 60 })).statusCode).toBe(403);
    expect((await set('co@network.test', { autoLockMinutes: 60 })).statusCode).toBe(403);
    expect(await minutesFor('alice@northgate.test')).toBe(3);
  });

  it('refuses values outside 1 to 60 minutes with a reason, and changes nothing', async () => {
    for (const bad of [
      { autoLockMinutes: 0 },
      { autoLockMinutes: 61 },
      { autoLockMinutes: 2.5 },
      { autoLockMinutes: '5' },
      {},
    ]) {
      const res = await set('lead@northgate.test', bad);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad-request' });
    }
    expect(await minutesFor('alice@northgate.test')).toBe(3);
  });

  it('keeps the retention rule: none at first, set and turned off by the lead only', async () => {
    expect((await settingsFor('alice@northgate.test'))?.retentionYears).toBeNull();
    expect((await set('lead@northgate.test', { retentionYears: 6 })).statusCode).toBe(204);
    expect(await settingsFor('alice@northgate.test')).toEqual({
      autoLockMinutes: 3,
      retentionYears: 6,
    });
    expect((await settingsFor('bob@riverside.test'))?.retentionYears).toBeNull();
    expect((await set('alice@northgate.test', { retentionYears: 1 })).statusCode).toBe(403);
    for (const bad of [{ retentionYears: 0 }, { retentionYears: 101 }, { retentionYears: '6' }]) {
      expect((await set('lead@northgate.test', bad)).statusCode).toBe(400);
    }
    expect((await settingsFor('alice@northgate.test'))?.retentionYears).toBe(6);
    expect((await set('lead@northgate.test', { retentionYears: null })).statusCode).toBe(204);
    expect(await settingsFor('alice@northgate.test')).toEqual({
      autoLockMinutes: 3,
      retentionYears: null,
    });
  });
});
