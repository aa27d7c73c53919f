import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyCustody } from '#main/keys/custody.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import { newRecoveryKey, parseRecoveryKey } from '#main/keys/recovery.ts';
import { insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { openStore } from '#main/store/open.ts';
import { rekeyStore } from '#main/store/rekey.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * The recovery key, changing the passphrase and rekeying, on real encrypted
 * stores and real key files (passphrase custody: no keychain here).
 */
const STORE = '0190a000-0000-7000-8000-0000000000aa';
const PASSPHRASE = 'first passphrase here';
let dir = '';
let custody: KeyCustodian;
const storeFile = () => join(dir, 'store.db');
const keyFile = () => join(dir, 'keys', `${STORE}.key.json`);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

/** A store with one client, its key kept with PASSPHRASE; returns the recovery key text. */
const makeStore = async (): Promise<string> => {
  const key = value(await custody.create(STORE, { passphrase: PASSPHRASE }));
  const db = value(openStore(storeFile(), key, MIGRATIONS));
  insertClient(db, details({ name: 'Robin Recoverable' }), new Date());
  db.close();
  const text = await custody.setUpRecovery(STORE, key);
  key.fill(0);
  return text;
};

const clientNames = (key: Buffer): string[] => {
  const db = value(openStore(storeFile(), key, MIGRATIONS));
  try {
    return db
      .prepare<[], { name: string }>('SELECT name FROM clients')
      .all()
      .map((r) => r.name);
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-recovery-'));
  custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the recovery key', () => {
  it('reads back however it is typed, and is 160 random bits', () => {
    const { secret, text } = newRecoveryKey();
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text)?.equals(secret)).toBe(true);
    const sloppy = text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    expect(parseRecoveryKey(sloppy)?.equals(secret)).toBe(true);
    expect(parseRecoveryKey('not a key')).toBeNull();
    expect(newRecoveryKey().text).not.toBe(text);
  });

  it('reopens the store after the passphrase is forgotten, and sets a new one', async () => {
    const recoveryKey = await makeStore();
    const before = sha(storeFile());
    const key = value(
      await custody.recover(STORE, recoveryKey, { passphrase: 'a brand new passphrase' }),
    );
    expect(clientNames(key)).toEqual(['Robin Recoverable']);
    key.fill(0);
    expect(await custody.load(STORE, { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    const again = value(await custody.load(STORE, { passphrase: 'a brand new passphrase' }));
    expect(clientNames(again)).toEqual(['Robin Recoverable']);
    // The store itself was not rewritten by recovery.
    expect(sha(storeFile())).toBe(before);
  });

  it('refuses a wrong recovery key or a short new passphrase and changes nothing', async () => {
    const recoveryKey = await makeStore();
    const keyBefore = sha(keyFile());
    const storeBefore = sha(storeFile());
    const wrong = newRecoveryKey().text;
    expect(await custody.recover(STORE, wrong, { passphrase: 'a brand new passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-recovery-key',
    });
    expect(
      await custody.recover(STORE, 'rubbish', { passphrase: 'a brand new passphrase' }),
    ).toEqual({ ok: false, reason: 'wrong-recovery-key' });
    expect(await custody.recover(STORE, recoveryKey, { passphrase: 'short' })).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
    });
    expect(sha(keyFile())).toBe(keyBefore);
    expect(sha(storeFile())).toBe(storeBefore);
    expect(value(await custody.load(STORE, { passphrase: PASSPHRASE })).length).toBe(32);
  });

  it('says so when there is no recovery key for the store', async () => {
    value(await custody.create(STORE, { passphrase: PASSPHRASE }));
    expect(await custody.hasRecovery(STORE)).toBe(false);
    expect(
      await custody.recover(STORE, newRecoveryKey().text, { passphrase: 'a brand new passphrase' }),
    ).toEqual({ ok: false, reason: 'no-recovery-key' });
  });
});

describe('changing the passphrase', () => {
  it('needs the old passphrase, and then only the new one works', async () => {
    await makeStore();
    const before = sha(keyFile());
    expect(
      await custody.changePassphrase(STORE, 'not the passphrase', 'second passphrase here'),
    ).toEqual({ ok: false, reason: 'wrong-passphrase' });
    expect(await custody.changePassphrase(STORE, PASSPHRASE, 'short')).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
    });
    expect(sha(keyFile())).toBe(before);
    expect(await custody.changePassphrase(STORE, PASSPHRASE, 'second passphrase here')).toEqual({
      ok: true,
      value: null,
    });
    expect(await custody.load(STORE, { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(
      clientNames(value(await custody.load(STORE, { passphrase: 'second passphrase here' }))),
    ).toEqual(['Robin Recoverable']);
  });
});

describe('rekeying the store', () => {
  it('re-encrypts every page with a new key; the old key no longer opens it', async () => {
    await makeStore();
    const oldKey = value(await custody.load(STORE, { passphrase: PASSPHRASE }));
    const newKey = randomBytes(32);
    const db = value(openStore(storeFile(), oldKey, MIGRATIONS));
    const before = readFileSync(storeFile());
    rekeyStore(db, newKey);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    value(await custody.replaceKey(STORE, newKey, { passphrase: PASSPHRASE }));
    const after = readFileSync(storeFile());
    // Same pages, different ciphertext: compare the second page onwards.
    expect(after.subarray(4096, 8192).equals(before.subarray(4096, 8192))).toBe(false);
    expect(openStore(storeFile(), oldKey, MIGRATIONS)).toMatchObject({
      ok: false,
      reason: 'wrong-key',
    });
    const loaded = value(await custody.load(STORE, { passphrase: PASSPHRASE }));
    expect(loaded.equals(newKey)).toBe(true);
    expect(clientNames(loaded)).toEqual(['Robin Recoverable']);
    // A new recovery key is needed after a rekey: the old one opens the old key.
    const text = await custody.setUpRecovery(STORE, newKey);
    expect(
      clientNames(
        value(await custody.recover(STORE, text, { passphrase: 'third passphrase here' })),
      ),
    ).toEqual(['Robin Recoverable']);
  });
});
