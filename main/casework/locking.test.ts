import { FREE_UNLOCK_TRIES } from '#main/casework/auto-lock.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetails } from '#src/casework/schemas.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { openKeychain } from '#main/keys/keychain.ts';
import { addLead } from '#test/lead.ts';
import { manualClock } from '#test/manual-clock.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { ManualClock } from '#test/manual-clock.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Locking (#5) through a real desk, a real encrypted store and a real test
 * server: the desk locks after the agency's idle minutes (time moved on by
 * hand, never waited for), the lock hides every client, and unlocking is
 * checked on this computer alone — the passphrase, or for a keychain store
 * the sign-in password against its local verifier — with guesses braked.
 */
const MINUTE = 60_000;
const PASSPHRASE = 'a passphrase for locking';
const LEAD_EMAIL = 'lead@northgate.test';

let net: TestNetwork;
const dirs: string[] = [];

beforeAll(async () => {
  net = await startTestNetwork();
  await addLead(net, LEAD_EMAIL, net.organisations.advice.id);
});
afterAll(async () => {
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

const client = (name: string): ClientDetails => ({
  name,
  otherNames: '',
  dateOfBirth: null,
  phone: '',
  email: '',
  address: '',
  postcode: '',
  preferredContact: null,
  contactNotes: '',
  household: '',
  language: '',
  interpreterNeeded: false,
  accessibilityNeeds: '',
  vulnerabilities: [],
});

const newDesk = async (
  keychain: 'auto' | 'off',
): Promise<{ desk: Desk; clock: ManualClock; dir: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-locking-'));
  dirs.push(dir);
  const clock = manualClock();
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain, clock },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  return { desk, clock, dir };
};

const names = async (desk: Desk) =>
  (await desk.handlers['casework.search']({ text: '' })).map((h) => h.name);

const signIn = async (desk: Desk, email = 'alice@northgate.test') =>
  value(
    await desk.handlers['session.signIn']({
      serverUrl: net.server.url,
      email,
      password: PASSWORD,
    }),
  );

const end = async (desk: Desk) => {
  await desk.handlers['session.signOut']({});
  await desk.close();
};

describe('a passphrase store', () => {
  it('locks after the agency’s idle minutes, hides every client, and the passphrase reopens it', async () => {
    const { desk, clock, dir } = await newDesk('off');
    const h = desk.handlers;
    await signIn(desk);
    value(await h['session.unlock']({ passphrase: PASSPHRASE }));
    value(await h['clients.save']({ id: null, details: client('Idle Ida') }));
    expect(await h['security.settings']({})).toEqual({
      autoLockMinutes: 10,
      canChangeAutoLock: false,
      keyCustody: 'passphrase',
    });

    // The password's local check is kept, never the password.
    const me = await h['session.status']({});
    if (me.state !== 'ready') throw new Error('not ready');
    const verifier = readFileSync(join(dir, 'keys', `${me.me.user.id}.unlock.json`), 'utf8');
    expect(verifier).not.toContain(PASSWORD);
    expect(verifier).toContain('argon2id');

    // Busy: activity keeps it open well past ten minutes.
    for (let i = 0; i < 4; i += 1) {
      clock.advance(8 * MINUTE);
      await h['session.activity']({});
    }
    expect((await h['session.status']({})).state).toBe('ready');

    // Idle for ten minutes: locked.
    clock.advance(10 * MINUTE + 15_000);
    const locked = await h['session.status']({});
    expect(locked).toMatchObject({ state: 'locked', lockedBecause: 'idle', newStore: false });
    expect(locked).not.toHaveProperty('unlockWith');
    expect(await names(desk)).toEqual([]);
    expect(await h['clients.get']({ id: '0190a000-0000-7000-8000-000000000001' })).toEqual({
      ok: false,
      reason: 'not-signed-in',
    });

    expect(await h['session.unlock']({ passphrase: 'not the passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    value(await h['session.unlock']({ passphrase: PASSPHRASE }));
    expect(await names(desk)).toEqual(['Idle Ida']);
    await end(desk);
  });
});

const keychain = await openKeychain();

describe.skipIf(keychain === null)(
  keychain === null
    ? 'a keychain store — SKIPPED: no OS secret service on this machine; CI runs this under test/with-keychain.sh'
    : 'a keychain store',
  () => {
    it('needs the sign-in password, checked locally, and brakes guesses', async () => {
      const { desk, clock } = await newDesk('auto');
      const h = desk.handlers;
      // Through a proxy, so the network can be cut: unlocking must not need it.
      const proxy = await startProxy(Number(new URL(net.server.url).port));
      // The keychain opens the store at sign-in: the password was just checked online.
      expect(
        value(
          await h['session.signIn']({
            serverUrl: proxy.url,
            email: 'alice@northgate.test',
            password: PASSWORD,
          }),
        ).state,
      ).toBe('ready');
      value(await h['clients.save']({ id: null, details: client('Keychain Kim') }));

      const locked = value(await h['session.lock']({}));
      expect(locked).toMatchObject({
        state: 'locked',
        lockedBecause: 'asked',
        unlockWith: 'password',
      });
      expect(await names(desk)).toEqual([]);

      // No password, a passphrase or a wrong password: the keychain is not asked.
      expect(await h['session.unlock']({})).toEqual({ ok: false, reason: 'wrong-password' });
      expect(await h['session.unlock']({ passphrase: PASSWORD })).toEqual({
        ok: false,
        reason: 'wrong-password',
      });
      expect(await h['session.unlock']({ password: 'not my password' })).toEqual({
        ok: false,
        reason: 'wrong-password',
      });
      expect(await names(desk)).toEqual([]);

      // Offline: the right password unlocks from the local check alone.
      proxy.cut();
      value(await h['session.unlock']({ password: PASSWORD }));
      expect(await names(desk)).toEqual(['Keychain Kim']);

      // Guessing: five wrong tries, then a wait even for the right password.
      value(await h['session.lock']({}));
      for (let i = 0; i < 5; i += 1) {
        expect(await h['session.unlock']({ password: `guess ${i}` })).toEqual({
          ok: false,
          reason: 'wrong-password',
        });
      }
      expect(await h['session.unlock']({ password: PASSWORD })).toEqual({
        ok: false,
        reason: 'unlock-wait',
      });
      clock.advance(MINUTE);
      value(await h['session.unlock']({ password: PASSWORD }));
      expect(await names(desk)).toEqual(['Keychain Kim']);

      // A recovery key opens the store, so making one (or rekeying) needs the password too.
      expect(await h['keys.newRecoveryKey']({ passphrase: null })).toEqual({
        ok: false,
        reason: 'wrong-password',
      });
      expect(await h['keys.rekey']({ passphrase: null, password: 'not my password' })).toEqual({
        ok: false,
        reason: 'wrong-password',
      });
      value(await h['keys.newRecoveryKey']({ passphrase: null, password: PASSWORD }));
      expect((await h['keys.recoveryKey']({})).recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}/);
      value(await h['keys.rekey']({ passphrase: null, password: PASSWORD }));
      expect(await names(desk)).toEqual(['Keychain Kim']);
      value(await h['session.lock']({}));
      value(await h['session.unlock']({ password: PASSWORD }));
      expect(await names(desk)).toEqual(['Keychain Kim']);

      // Guesses sent all at once (#12), the right password last: each is
      // counted before the next is checked, so only the free tries are
      // checked and the right password, arriving after them, waits too.
      value(await h['session.lock']({}));
      const burst = await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => h['session.unlock']({ password: `burst ${i}` })),
        h['session.unlock']({ password: PASSWORD }),
      ]);
      const reasons = burst.map((r) => (r.ok ? 'unlocked' : r.reason));
      expect(reasons.filter((r) => r === 'wrong-password')).toHaveLength(FREE_UNLOCK_TRIES);
      expect(reasons.at(-1)).toBe('unlock-wait');
      expect(await names(desk)).toEqual([]);

      proxy.restore();
      await end(desk);
      await proxy.close();
    });
  },
);

describe('the agency’s idle minutes', () => {
  it('are set by the lead, reach the desk, and refuse anyone else', async () => {
    const lead = await newDesk('off');
    await signIn(lead.desk, LEAD_EMAIL);
    value(await lead.desk.handlers['session.unlock']({ passphrase: PASSPHRASE }));
    expect(await lead.desk.handlers['security.settings']({})).toMatchObject({
      autoLockMinutes: 10,
      canChangeAutoLock: true,
    });
    value(await lead.desk.handlers['security.setAutoLock']({ autoLockMinutes: 2 }));
    expect(await lead.desk.handlers['security.settings']({})).toMatchObject({
      autoLockMinutes: 2,
    });
    // Applies to the lead's own desk at once.
    lead.clock.advance(2 * MINUTE + 15_000);
    expect(await lead.desk.handlers['session.status']({})).toMatchObject({
      state: 'locked',
      lockedBecause: 'idle',
    });
    await end(lead.desk);

    // An adviser's desk gets it at sign-in, and may not change it.
    const adviser = await newDesk('off');
    const h = adviser.desk.handlers;
    await signIn(adviser.desk);
    value(await h['session.unlock']({ passphrase: PASSPHRASE }));
    expect(await h['security.settings']({})).toEqual({
      autoLockMinutes: 2,
      canChangeAutoLock: false,
      keyCustody: 'passphrase',
    });
    expect(await h['security.setAutoLock']({ autoLockMinutes: 60 })).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    adviser.clock.advance(MINUTE);
    expect((await h['session.status']({})).state).toBe('ready');
    adviser.clock.advance(MINUTE + 15_000);
    expect((await h['session.status']({})).state).toBe('locked');
    await end(adviser.desk);
  });

  it('reach a desk that is already open within minutes, without a new sign-in', async () => {
    const adviser = await newDesk('off');
    const h = adviser.desk.handlers;
    await signIn(adviser.desk);
    value(await h['session.unlock']({ passphrase: PASSPHRASE }));
    const before = (await h['security.settings']({}))?.autoLockMinutes;

    const lead = await newDesk('off');
    await signIn(lead.desk, LEAD_EMAIL);
    value(await lead.desk.handlers['session.unlock']({ passphrase: PASSPHRASE }));
    const next = before === 7 ? 8 : 7;
    value(await lead.desk.handlers['security.setAutoLock']({ autoLockMinutes: next }));
    value(await lead.desk.handlers['security.setRetention']({ retentionYears: 4 }));
    await end(lead.desk);

    // Five minutes of use later, the adviser's desk has asked again.
    for (let i = 0; i < 5; i += 1) {
      adviser.clock.advance(MINUTE);
      await h['session.activity']({});
    }
    await expect.poll(async () => (await h['security.settings']({}))?.autoLockMinutes).toBe(next);
    expect((await h['retention.scheduled']({}))?.years).toBe(4);
    await end(adviser.desk);
  });
});
