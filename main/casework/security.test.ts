import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * The store's keys through a real desk (real encrypted store, real key files,
 * a real test server): the recovery key shown once and confirmed, reopening
 * with it after the passphrase is forgotten, changing the passphrase, rekeying.
 */
let net: TestNetwork;
let desk: Desk;
let dir = '';
const FIRST = 'the first passphrase';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const signIn = async () =>
  value(
    await desk.handlers['session.signIn']({
      serverUrl: net.server.url,
      email: 'alice@northgate.test',
      password: PASSWORD,
    }),
  );
const names = async () => (await desk.handlers['casework.search']({ text: '' })).map((h) => h.name);

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'handover-security-desk-'));
  desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
});
afterAll(async () => {
  // Signed out first: see handlers.test.ts.
  await desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('several staff on one computer', () => {
  it('keeps each adviser’s casework in their own store', async () => {
    const h = desk.handlers;
    const bob = async () =>
      value(
        await h['session.signIn']({
          serverUrl: net.server.url,
          email: 'bob@riverside.test',
          password: PASSWORD,
        }),
      );
    expect(await bob()).toMatchObject({ state: 'locked', newStore: true });
    value(await h['session.unlock']({ passphrase: 'bob has his own passphrase' }));
    value(
      await h['clients.save']({
        id: null,
        details: {
          name: 'Bobs Own Client',
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
        },
      }),
    );
    expect(await names()).toEqual(['Bobs Own Client']);
    await h['session.signOut']({});
    // Alice has no store yet on this computer: hers starts empty, Bob's is not hers.
    expect(await signIn()).toMatchObject({ state: 'locked', newStore: true });
    await h['session.signOut']({});
  });
});

describe('the store’s keys on the desk', () => {
  let recoveryKey = '';

  it('shows a recovery key once at set-up, until the adviser confirms they saved it', async () => {
    const h = desk.handlers;
    expect(await h['keys.recoveryKey']({})).toEqual({ recoveryKey: null });
    await signIn();
    value(await h['session.unlock']({ passphrase: FIRST }));
    const shown = (await h['keys.recoveryKey']({})).recoveryKey;
    expect(shown).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    recoveryKey = shown ?? '';
    // The key files on disk never hold the recovery key itself.
    const status = await h['session.status']({});
    if (status.state !== 'ready') throw new Error('not ready');
    for (const file of ['.recovery.json', '.key.json']) {
      const text = readFileSync(join(dir, 'keys', `${status.me.user.id}${file}`), 'utf8');
      expect(text).not.toContain(recoveryKey.replace(/-/g, ''));
      expect(text).not.toContain(recoveryKey);
    }
    expect(await h['keys.confirmRecoverySaved']({ lastGroup: 'ZZZZ' })).toEqual({
      ok: false,
      reason: 'recovery-key-mismatch',
    });
    expect(await h['keys.recoveryKey']({})).toEqual({ recoveryKey });
    const last = recoveryKey.split('-').pop() ?? '';
    expect(await h['keys.confirmRecoverySaved']({ lastGroup: last.toLowerCase() })).toEqual({
      ok: true,
      value: null,
    });
    expect(await h['keys.recoveryKey']({})).toEqual({ recoveryKey: null });
    value(
      await h['clients.save']({
        id: null,
        details: {
          name: 'Sam Safekeeping',
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
        },
      }),
    );
  });

  it('reopens the casework with the recovery key after the passphrase is forgotten', async () => {
    const h = desk.handlers;
    await h['session.signOut']({});
    await signIn();
    expect(await h['session.unlock']({ passphrase: 'not what it was' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(
      await h['session.recover']({ recoveryKey: 'AAAA-BBBB', newPassphrase: 'a new passphrase' }),
    ).toEqual({ ok: false, reason: 'wrong-recovery-key' });
    expect(await h['session.recover']({ recoveryKey, newPassphrase: 'short' })).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
    });
    const recovered = value(
      await h['session.recover']({ recoveryKey, newPassphrase: 'a new passphrase' }),
    );
    expect(recovered.state).toBe('ready');
    expect(await names()).toEqual(['Sam Safekeeping']);
  });

  it('changes the passphrase only with the old one', async () => {
    const h = desk.handlers;
    expect(
      await h['keys.changePassphrase']({
        oldPassphrase: 'wrong one entirely',
        newPassphrase: 'the third passphrase',
      }),
    ).toEqual({ ok: false, reason: 'wrong-passphrase' });
    value(
      await h['keys.changePassphrase']({
        oldPassphrase: 'a new passphrase',
        newPassphrase: 'the third passphrase',
      }),
    );
    await h['session.signOut']({});
    await signIn();
    expect(await h['session.unlock']({ passphrase: 'a new passphrase' })).toMatchObject({
      ok: false,
    });
    value(await h['session.unlock']({ passphrase: 'the third passphrase' }));
    expect(await names()).toEqual(['Sam Safekeeping']);
  });

  it('rekeys the open store and shows a new recovery key; the old recovery key stops working', async () => {
    const h = desk.handlers;
    expect(await h['keys.rekey']({ passphrase: 'wrong one entirely' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    value(await h['keys.rekey']({ passphrase: 'the third passphrase' }));
    const fresh = (await h['keys.recoveryKey']({})).recoveryKey;
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(recoveryKey);
    expect(await names()).toEqual(['Sam Safekeeping']);
    await h['session.signOut']({});
    await signIn();
    expect(
      await h['session.recover']({ recoveryKey, newPassphrase: 'fourth passphrase!' }),
    ).toEqual({ ok: false, reason: 'wrong-recovery-key' });
    value(await h['session.unlock']({ passphrase: 'the third passphrase' }));
    expect(await names()).toEqual(['Sam Safekeeping']);
    // A signed-out desk forgets an unconfirmed recovery key.
    expect(await h['keys.recoveryKey']({})).toEqual({ recoveryKey: null });
  });

  it('locks on demand: no client data until the passphrase is given again', async () => {
    const h = desk.handlers;
    const locked = value(await h['session.lock']({}));
    expect(locked).toMatchObject({ state: 'locked', newStore: false });
    expect(await names()).toEqual([]);
    expect(
      await h['cases.forClient']({ clientId: '0190a000-0000-7000-8000-000000000001' }),
    ).toEqual([]);
    expect(await h['session.unlock']({ passphrase: 'not the passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    value(await h['session.unlock']({ passphrase: 'the third passphrase' }));
    expect(await names()).toEqual(['Sam Safekeeping']);
  });
});
