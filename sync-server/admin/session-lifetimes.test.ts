import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork } from '#server/admin/directory.ts';
import { parseSessionsArgs, setSessionLifetimes } from '#server/admin/session-lifetimes.ts';
import type { Db } from '#server/db/db.ts';
import { loadNetwork } from '#server/network/load.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { must } from '#server/test-support/network.ts';

/** `npm run admin -- set-session-lifetimes [--idle-hours N] [--max-days N]` (#12). */
describe('admin: set-session-lifetimes arguments', () => {
  it('takes whole numbers in range, checked by the network settings schema', () => {
    expect(parseSessionsArgs(['set-session-lifetimes'])).toEqual({});
    expect(
      parseSessionsArgs(['set-session-lifetimes', '--idle-hours', '8', '--max-days', '1']),
    ).toEqual({ sessionIdleHours: 8, sessionMaxDays: 1 });
    for (const bad of [
      ['--idle-hours', '0'],
      ['--idle-hours', '337'],
      ['--idle-hours', '2.5'],
      ['--idle-hours', 'soon'],
      ['--max-days', '366'],
      ['--forever'],
      ['8'],
    ]) {
      expect(parseSessionsArgs(['set-session-lifetimes', ...bad])).toBeNull();
    }
  });
});

describe.each(BACKENDS)('admin: session lifetimes on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await backend.open());
  });
  afterAll(async () => {
    await drop();
  });

  it('shows the defaults, sets the lifetimes with an audit entry, and keeps the other settings', async () => {
    const now = new Date('2026-11-20T10:00:00Z');
    expect(await setSessionLifetimes(db, {}, now)).toBeNull();
    must(await createNetwork(db, { name: 'Broadland', settings: { actDays: 7 } }));
    expect(await setSessionLifetimes(db, {}, now)).toEqual({ idleHours: 12, maxDays: 30 });
    expect(await setSessionLifetimes(db, { sessionIdleHours: 8 }, now)).toEqual({
      idleHours: 8,
      maxDays: 30,
    });
    expect(await setSessionLifetimes(db, { sessionMaxDays: 1 }, now)).toEqual({
      idleHours: 8,
      maxDays: 1,
    });
    expect((await loadNetwork(db))?.settings).toMatchObject({
      actDays: 7,
      sessionIdleHours: 8,
      sessionMaxDays: 1,
    });
    const audit = await db.query<{ action: string }>(
      `select action from audit_log where action = 'network.session-lifetimes'`,
    );
    expect(audit).toHaveLength(2);
  });
});
