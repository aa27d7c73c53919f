import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beforeRekeyFile, openKeptStore, rekeyKeptStore } from '#main/casework/store-keys.ts';
import type { RekeyHooks } from '#main/casework/store-keys.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import type { KeyOptions } from '#main/keys/custody.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { copyBeforeRekey, rekeyStore } from '#main/store/rekey.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * The two-phase rekey on real encrypted files, stopped after each step as a
 * crash would stop it (the real SIGKILL is in crash.test.ts): whichever step
 * it stops after, the desk's way of opening gets the casework back.
 */
const PASSPHRASE = 'a passphrase for rekey tests';
const options = { passphrase: PASSPHRASE };

let dir = '';
let storeId = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-rekey-'));
  storeId = randomUUID();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const keysDir = () => join(dir, 'keys');
const custody = () => createKeyCustody({ dir: keysDir(), keychain: null });
const file = () => join(dir, 'store.db');
const names = (db: Database): string[] =>
  db.prepare('SELECT name FROM clients ORDER BY name').pluck().all() as string[];

/** A store with two clients and a recovery key; returns the open store and its key. */
const makeStore = async (): Promise<{ db: Database; key: Buffer; recoveryKey: string }> => {
  const key = await custody().create(storeId, options);
  if (!key.ok) throw new Error(key.reason);
  const db = openStore(file(), key.value, MIGRATIONS);
  if (!db.ok) throw new Error(db.reason);
  insertClient(db.value, details({ name: 'Ann Rekey' }), new Date());
  insertClient(db.value, details({ name: 'Bo Rekey' }), new Date());
  const recoveryKey = await custody().setUpRecovery(storeId, key.value);
  return { db: db.value, key: key.value, recoveryKey };
};

/** Opens as the desk does; records whether an interrupted rekey was finished. */
const reopen = async () => {
  const current = await custody().load(storeId, options);
  if (!current.ok) throw new Error(current.reason);
  const finished: Buffer[] = [];
  const db = await openKeptStore({
    custody: custody(),
    storeId,
    file: file(),
    key: current.value,
    keyOptions: options,
    migrations: MIGRATIONS,
    rekeyFinished: (key) => {
      finished.push(Buffer.from(key));
      return Promise.resolve();
    },
  });
  if (!db.ok) throw new Error(db.reason);
  return { db: db.value, finished, current: current.value };
};

/** The desk's rekey, on the closed store. */
const rekey = (currentKey: Buffer, keyOptions: KeyOptions = options, hooks: RekeyHooks = {}) =>
  rekeyKeptStore({ custody: custody(), storeId, file: file(), currentKey, keyOptions, hooks });

const keyFiles = () => readdirSync(keysDir()).sort();
const settledFiles = () => [`${storeId}.key.json`, `${storeId}.recovery.json`].sort();

describe('rekeying in two phases', () => {
  it('rekeys: the new key is on record, the new recovery key opens it, the old one does not', async () => {
    const { db, key: oldKey, recoveryKey: oldRecovery } = await makeStore();
    db.close();
    const rekeyed = await rekey(oldKey);
    if (!rekeyed.ok) throw new Error(rekeyed.reason);
    expect(rekeyed.value).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(keyFiles()).toEqual(settledFiles());
    // No copy, no journal, nothing else of the rekey's left beside the store.
    expect(readdirSync(dir).filter((f) => f !== 'keys')).toEqual(['store.db']);

    expect(openStore(file(), oldKey, MIGRATIONS)).toMatchObject({ ok: false, reason: 'wrong-key' });
    const again = await reopen();
    expect(again.finished).toEqual([]);
    expect(again.current.equals(oldKey)).toBe(false);
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();

    expect(await custody().recover(storeId, oldRecovery, options)).toEqual({
      ok: false,
      reason: 'wrong-recovery-key',
    });
    const recovered = await custody().recover(storeId, rekeyed.value, options);
    expect(recovered.ok && recovered.value.equals(again.current)).toBe(true);
  });

  it('a crash after keeping the pending key, before re-encrypting: the old key opens, the pending one is dropped', async () => {
    const { db, key, recoveryKey } = await makeStore();
    const recoveryBefore = readFileSync(join(keysDir(), `${storeId}.recovery.json`), 'utf8');
    const next = Buffer.alloc(32, 7);
    const staged = await custody().stagePending(storeId, next, options);
    expect(staged.ok).toBe(true);
    db.close(); // the crash
    expect(await custody().hasPending(storeId)).toBe(true);

    const again = await reopen();
    expect(again.current.equals(key)).toBe(true);
    expect(again.finished).toEqual([]);
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();
    expect(await custody().hasPending(storeId)).toBe(false);
    expect(keyFiles()).toEqual(settledFiles());
    // The recovery key the adviser wrote down still works.
    expect(readFileSync(join(keysDir(), `${storeId}.recovery.json`), 'utf8')).toBe(recoveryBefore);
    const recovered = await custody().recover(storeId, recoveryKey, options);
    expect(recovered.ok && recovered.value.equals(key)).toBe(true);
  });

  it('a crash half-way through promotion (recovery moved, key not): the pending key opens and is promoted', async () => {
    const { db } = await makeStore();
    const next = Buffer.alloc(32, 9);
    const staged = await custody().stagePending(storeId, next, options);
    if (!staged.ok) throw new Error(staged.reason);
    rekeyStore(db, next);
    db.close();
    // Promotion's first step, done by hand, then the crash.
    renameSync(
      join(keysDir(), `${storeId}.recovery.pending.json`),
      join(keysDir(), `${storeId}.recovery.json`),
    );

    const again = await reopen();
    expect(again.finished).toHaveLength(1);
    expect(again.finished[0]?.equals(next)).toBe(true);
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();
    expect(keyFiles()).toEqual(settledFiles());
    const onRecord = await custody().load(storeId, options);
    expect(onRecord.ok && onRecord.value.equals(next)).toBe(true);
  });

  it('refuses to start another rekey while one is unsettled', async () => {
    const { db, key } = await makeStore();
    db.close();
    await custody().stagePending(storeId, Buffer.alloc(32, 3), options);
    expect(await rekey(key)).toEqual({ ok: false, reason: 'rekey-unfinished' });
    const again = await reopen();
    expect(again.current.equals(key)).toBe(true);
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();
  });

  it('changes nothing when the pending key cannot be kept (no passphrase)', async () => {
    const { db, key } = await makeStore();
    db.close();
    expect(await rekey(key, {})).toEqual({ ok: false, reason: 'wrong-passphrase' });
    expect(keyFiles()).toEqual(settledFiles());
    const again = await reopen();
    expect(again.current.equals(key)).toBe(true);
    again.db.close();
  });

  it('a wrong passphrase opens neither key and changes nothing', async () => {
    const { db } = await makeStore();
    const next = Buffer.alloc(32, 5);
    const staged = await custody().stagePending(storeId, next, options);
    if (!staged.ok) throw new Error(staged.reason);
    rekeyStore(db, next);
    db.close();
    expect(await custody().loadPending(storeId, { passphrase: 'not the passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(await custody().hasPending(storeId)).toBe(true);
    const again = await reopen();
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();
  });

  it('a crash while pages are written back (neither key opens): the copy made before is put back', async () => {
    const { db, key } = await makeStore();
    const next = Buffer.alloc(32, 0x33);
    const staged = await custody().stagePending(storeId, next, options);
    if (!staged.ok) throw new Error(staged.reason);
    copyBeforeRekey(db, beforeRekeyFile(file()));
    rekeyStore(db, next);
    db.close();
    // What SQLite3 Multiple Ciphers can leave when killed mid-write: pages no key reads.
    const fd = openSync(file(), 'r+');
    writeSync(fd, randomBytes(8192), 0, 8192, 0);
    closeSync(fd);
    expect(openStore(file(), key, MIGRATIONS)).toMatchObject({ ok: false });
    expect(openStore(file(), next, MIGRATIONS)).toMatchObject({ ok: false });

    const again = await reopen();
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.finished).toEqual([]);
    again.db.close();
    // Back on the old key, nothing pending, the broken file kept aside for support.
    expect(again.current.equals(key)).toBe(true);
    expect(await custody().hasPending(storeId)).toBe(false);
    expect(existsSync(beforeRekeyFile(file()))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('store.db.rekey-failed-'))).toHaveLength(1);
  });

  it('wipes the copy under the old key in place before unlinking it', async () => {
    const { db, key } = await makeStore();
    db.close();
    const link = join(dir, 'another name for the copy');
    let copied = Buffer.alloc(0);
    const rekeyed = await rekey(key, options, {
      afterReencrypt: () => {
        // A second name for the copy's bytes on disk: what the wipe overwrites
        // stays readable through it after the copy's own name is gone.
        linkSync(beforeRekeyFile(file()), link);
        copied = readFileSync(link);
        return Promise.resolve();
      },
    });
    expect(rekeyed.ok).toBe(true);
    expect(existsSync(beforeRekeyFile(file()))).toBe(false);
    expect(copied.length).toBeGreaterThan(0);
    // The copy was a store under the old key…
    const copyDb = openStore(link, key, MIGRATIONS);
    expect(copyDb).toMatchObject({ ok: false });
    // …because its bytes were overwritten, every page of them, then synced.
    const after = readFileSync(link);
    expect(after.length).toBe(copied.length);
    for (let at = 0; at < copied.length; at += 4096) {
      expect(after.subarray(at, at + 4096).equals(copied.subarray(at, at + 4096))).toBe(false);
    }
  });

  it('after promotion nothing kept on this computer opens the old key', async () => {
    const { db, key: oldKey, recoveryKey: oldRecovery } = await makeStore();
    db.close();
    // The old key's record and recovery envelope, held open here to see what
    // becomes of their bytes once the new ones are renamed over them.
    const held = [`${storeId}.key.json`, `${storeId}.recovery.json`].map((name) => {
      const path = join(keysDir(), name);
      return { fd: openSync(path, 'r'), before: readFileSync(path) };
    });
    const rekeyed = await rekey(oldKey);
    if (!rekeyed.ok) throw new Error(rekeyed.reason);
    for (const { fd, before } of held) {
      const after = Buffer.alloc(before.length);
      readSync(fd, after, 0, after.length, 0);
      closeSync(fd);
      // POSIX only: Windows cannot rename over an open file, so custody does not hold them there.
      if (process.platform !== 'win32') {
        expect(after.equals(before)).toBe(false);
        expect(after.includes(Buffer.from('"envelope"'))).toBe(false);
        expect(after.includes(Buffer.from('"ciphertext"'))).toBe(false);
        const wrapped = /"ciphertext":\s*"([^"]+)"/.exec(before.toString('utf8'))?.[1] ?? '';
        expect(wrapped).not.toBe('');
        expect(after.includes(Buffer.from(wrapped))).toBe(false);
      }
    }
    // Only the settled record and envelope are left: no pending key, no
    // pending envelope, no temporary files.
    expect(keyFiles()).toEqual(settledFiles());
    expect(await custody().hasPending(storeId)).toBe(false);
    expect(await custody().loadPending(storeId, options)).toMatchObject({
      ok: false,
      reason: 'key-missing',
    });
    // The passphrase now unwraps the new key only; the old recovery key opens nothing.
    const onRecord = await custody().load(storeId, options);
    if (!onRecord.ok) throw new Error(onRecord.reason);
    expect(onRecord.value.equals(oldKey)).toBe(false);
    expect(await custody().recover(storeId, oldRecovery, options)).toEqual({
      ok: false,
      reason: 'wrong-recovery-key',
    });
    // And no file in the key folder holds the old key in the clear.
    for (const name of readdirSync(keysDir())) {
      const bytes = readFileSync(join(keysDir(), name));
      for (const form of [
        oldKey,
        Buffer.from(oldKey.toString('hex')),
        Buffer.from(oldKey.toString('base64')),
      ]) {
        expect(bytes.includes(form)).toBe(false);
      }
    }
  });

  it('a rekey the worker cannot do changes nothing and leaves nothing behind', async () => {
    const { db, key } = await makeStore();
    db.close();
    // The worker cannot open the store with a key that is not its key.
    expect(await rekey(Buffer.alloc(32, 0x44))).toEqual({ ok: false, reason: 'rekey-failed' });
    expect(await custody().hasPending(storeId)).toBe(false);
    expect(keyFiles()).toEqual(settledFiles());
    expect(readdirSync(dir).filter((f) => f !== 'keys')).toEqual(['store.db']);
    const again = await reopen();
    expect(again.current.equals(key)).toBe(true);
    expect(names(again.db)).toEqual(['Ann Rekey', 'Bo Rekey']);
    again.db.close();
  });
});
