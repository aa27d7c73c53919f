import { randomBytes, timingSafeEqual } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isUuid } from '#src/ids.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Keychain } from '#main/keys/keychain.ts';
import { KEY_BYTES, checkPassphrase, unwrapKey, wrapKey } from '#main/keys/passphrase.ts';
import { newRecoveryKey, unwrapWithRecovery, wrapWithRecovery } from '#main/keys/recovery.ts';

/**
 * Key custody: makes each store's random 256-bit key and keeps it, in the OS
 * keychain when there is one, else wrapped with a passphrase the user sets.
 *
 * Per store, `dir` holds a small non-secret record, `<storeId>.key.json`:
 *   { "format": "handover-key-custody", "version": 1, "custody": "keychain", "account": "store:<id>" }
 *   { "format": "handover-key-custody", "version": 1, "custody": "passphrase", "envelope": { … } }
 * It says how the key is kept, so a store made with a passphrase still opens
 * after a keychain appears, and a keychain store says "keychain unavailable"
 * rather than asking for a passphrase it never had.
 *
 * Keys leave this folder only as the Buffer handed to the store opener; never
 * log one. The caller owns the returned Buffer and should `fill(0)` it.
 */

export type KeyCustody = 'keychain' | 'passphrase';

export type KeyOptions = { passphrase?: string };

export type CreateKeyReason = 'passphrase-too-short' | 'passphrase-needed' | 'keychain-unavailable';
export type LoadKeyReason =
  'wrong-passphrase' | 'passphrase-needed' | 'key-missing' | 'keychain-unavailable';

export type KeyCustodian = {
  /** How a new key would be kept on this machine. */
  method(): KeyCustody;
  /** Whether a key record exists for the store (even a damaged one: it is never replaced). */
  has(storeId: string): Promise<boolean>;
  /** How the store's key is kept; null when there is no readable record. */
  custodyOf(storeId: string): Promise<KeyCustody | null>;
  /**
   * Makes and keeps a new key. Refuses (throws) if the store already has a key
   * record or keychain entry: replacing a key would make its store unreadable.
   * `keychain-unavailable`: the keychain refused or did not keep the secret.
   */
  create(storeId: string, options?: KeyOptions): Promise<Result<Buffer, CreateKeyReason>>;
  /** The store's key. `key-missing` carries a non-secret detail saying why. */
  load(storeId: string, options?: KeyOptions): Promise<Result<Buffer, LoadKeyReason>>;
  /**
   * Makes a new recovery key for the store's `key` and keeps only the
   * envelope it opens (`<storeId>.recovery.json`), replacing any earlier one.
   * Returns the recovery key's text: show it once, never keep it.
   */
  setUpRecovery(storeId: string, key: Buffer): Promise<string>;
  hasRecovery(storeId: string): Promise<boolean>;
  /** The recovery envelope as kept on disk (not secret without the recovery key), for backups. */
  recoveryEnvelope(storeId: string): Promise<unknown>;
  /**
   * Reopens after the keychain or passphrase is lost: the recovery key
   * unwraps the store key, which is then kept again the usual way (keychain,
   * or the new passphrase in `options`). Nothing changes on a wrong key.
   */
  recover(
    storeId: string,
    recoveryKey: string,
    options?: KeyOptions,
  ): Promise<Result<Buffer, RecoverReason>>;
  /** Re-wraps the key under a new passphrase; the old one must be right. */
  changePassphrase(
    storeId: string,
    oldPassphrase: string,
    newPassphrase: string,
  ): Promise<Result<null, ChangePassphraseReason>>;
  /** Keeps a recovery envelope brought from a backup, so the same recovery key keeps working. */
  adoptRecoveryEnvelope(storeId: string, envelope: unknown): Promise<void>;
  /**
   * Rekey, phase one: keeps `key` as the store's *pending* key beside the
   * current one — the same way the current key is kept (keychain, or wrapped
   * with `options.passphrase`) — with a recovery envelope for it made with a
   * new recovery key, whose text is returned. Nothing current changes.
   */
  stagePending(
    storeId: string,
    key: Buffer,
    options?: KeyOptions,
  ): Promise<Result<string, CreateKeyReason>>;
  hasPending(storeId: string): Promise<boolean>;
  /** The pending key, to try when the current key no longer opens the store. */
  loadPending(storeId: string, options?: KeyOptions): Promise<Result<Buffer, LoadKeyReason>>;
  /**
   * Rekey, phase two (after the store is re-encrypted): the pending key and
   * its recovery envelope become the current ones. Each step is atomic and
   * the order (recovery, key, then the pending record) means a crash at any
   * point leaves either a current or a pending key that opens the store.
   */
  promotePending(storeId: string): Promise<Result<null, 'keychain-unavailable' | 'key-missing'>>;
  /** Forgets a pending key the store does not use (the current key opened it). */
  discardPending(storeId: string): Promise<void>;
  /** Keeps `key` as the store's key from now on, replacing the old one (after a rekey). */
  replaceKey(
    storeId: string,
    key: Buffer,
    options?: KeyOptions,
  ): Promise<Result<null, CreateKeyReason>>;
};

export type RecoverReason = 'wrong-recovery-key' | 'no-recovery-key' | CreateKeyReason;
export type ChangePassphraseReason =
  'wrong-passphrase' | 'passphrase-too-short' | 'not-passphrase-custody' | 'key-missing';

const FORMAT = 'handover-key-custody';

const recordSchema = z.discriminatedUnion('custody', [
  z.object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    custody: z.literal('keychain'),
    account: z.string().min(1),
  }),
  z.object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    custody: z.literal('passphrase'),
    // Checked in full by unwrapKey.
    envelope: z.unknown(),
  }),
]);
type KeyRecord = z.infer<typeof recordSchema>;

const storeKey = (storeId: string): string => {
  if (!isUuid(storeId)) throw new Error('key custody: a store id must be a UUID');
  return storeId.toLowerCase();
};
const accountFor = (id: string): string => `store:${id}`;
const pendingAccountFor = (id: string): string => `store:${id}:pending`;
const recordFile = (dir: string, id: string): string => join(dir, `${id}.key.json`);
const recoveryFile = (id: string): string => `${id}.recovery.json`;
const pendingName = (id: string): string => `${id}.pending.json`;
const pendingRecoveryName = (id: string): string => `${id}.recovery.pending.json`;

const isErrno = (e: unknown, code: string): boolean =>
  e instanceof Error && (e as NodeJS.ErrnoException).code === code;

/**
 * Writes `name` in `dir` with mode 0600, all or nothing, and never over an
 * existing file: the content goes to a temp file that is fsynced and then
 * hard-linked into place (link fails if the name exists, unlike rename).
 */
const writeNewFileAtomically = async (
  dir: string,
  name: string,
  content: string,
): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, name);
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, target);
    } catch (e) {
      if (isErrno(e, 'EEXIST')) throw new Error('key custody: refusing to replace a key record');
      // Filesystems without hard links: the caller holds this store's lock and
      // has checked that the record is absent, so rename is safe enough.
      await rename(temp, target);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  // Make the new directory entry durable too (not possible on Windows).
  const dirHandle = await open(dir, 'r').catch(() => null);
  if (dirHandle !== null) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
};

/** Writes `name` in `dir` with mode 0600, all or nothing, replacing what was there. */
const replaceFileAtomically = async (dir: string, name: string, content: string): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, join(dir, name));
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const dirHandle = await open(dir, 'r').catch(() => null);
  if (dirHandle !== null) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
};

/** Makes a rename or unlink in `dir` durable (not possible on Windows). */
const syncDir = async (dir: string): Promise<void> => {
  const dirHandle = await open(dir, 'r').catch(() => null);
  if (dirHandle !== null) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
};

/**
 * A file about to be renamed over, held open so that its bytes can be
 * overwritten once no name points at them (after a rekey: the old key's
 * record and recovery envelope). Not on Windows, which cannot rename over an
 * open file; there the old bytes are left to the filesystem (SECURITY.md).
 */
const holdForWipe = async (file: string): Promise<FileHandle | null> =>
  process.platform === 'win32' ? null : open(file, 'r+').catch(() => null);

/**
 * Overwrites a held file with random bytes and syncs it, only if it has no
 * name left (it was renamed over): a file still in use is never touched.
 * Best effort, like every overwrite on an SSD or a copy-on-write filesystem.
 */
const wipeHeld = async (handle: FileHandle | null): Promise<void> => {
  if (handle === null) return;
  try {
    const { nlink, size } = await handle.stat();
    if (nlink !== 0 || size === 0) return;
    await handle.write(randomBytes(size), 0, size, 0);
    await handle.sync();
  } catch {
    // Best effort: the rename has happened, which is what counts.
  } finally {
    await handle.close();
  }
};

const readRecord = async (
  dir: string,
  id: string,
  file = recordFile(dir, id),
): Promise<{ state: 'absent' } | { state: 'damaged' } | { state: 'ok'; record: KeyRecord }> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { state: 'absent' };
    throw e;
  }
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? { state: 'ok', record: parsed.data } : { state: 'damaged' };
  } catch {
    return { state: 'damaged' };
  }
};

/** A key as kept in the keychain: base64 of the 32 bytes. */
const decodeKeychainSecret = (secret: string): Buffer | null => {
  const key = Buffer.from(secret, 'base64');
  return key.length === KEY_BYTES && key.toString('base64') === secret ? key : null;
};

export function createKeyCustody(opts: { dir: string; keychain: Keychain | null }): KeyCustodian {
  const { dir, keychain } = opts;
  // One create at a time per store in this process, so two clicks cannot race
  // each other into the keychain.
  const creating = new Map<string, Promise<unknown>>();

  const has = async (storeId: string): Promise<boolean> =>
    (await readRecord(dir, storeKey(storeId))).state !== 'absent';

  const custodyOf = async (storeId: string): Promise<KeyCustody | null> => {
    const read = await readRecord(dir, storeKey(storeId));
    return read.state === 'ok' ? read.record.custody : null;
  };

  const createInKeychain = async (
    chain: Keychain,
    id: string,
    key: Buffer,
    replace = false,
  ): Promise<Result<null, 'keychain-unavailable'>> => {
    const account = accountFor(id);
    const secret = key.toString('base64');
    let existing: string | null;
    try {
      existing = await chain.get(account);
    } catch {
      return err('keychain-unavailable');
    }
    if (existing !== null && !replace) {
      throw new Error('key custody: the keychain already holds a key for this store');
    }
    try {
      await chain.set(account, secret);
      // Some secret services accept a write and keep nothing: read it back.
      const back = await chain.get(account);
      const kept = back === null ? null : decodeKeychainSecret(back);
      const same = kept !== null && timingSafeEqual(kept, key);
      kept?.fill(0);
      if (!same) {
        if (!replace) await chain.remove(account).catch(() => undefined);
        return err('keychain-unavailable', 'the keychain did not keep the key');
      }
    } catch {
      if (!replace) await chain.remove(account).catch(() => undefined);
      return err('keychain-unavailable');
    }
    const record: KeyRecord = { format: FORMAT, version: 1, custody: 'keychain', account };
    try {
      const text = JSON.stringify(record, null, 2);
      if (replace) await replaceFileAtomically(dir, `${id}.key.json`, text);
      else await writeNewFileAtomically(dir, `${id}.key.json`, text);
    } catch (e) {
      await chain.remove(account).catch(() => undefined);
      throw e;
    }
    return ok(null);
  };

  const createNow = async (
    id: string,
    options: KeyOptions,
  ): Promise<Result<Buffer, CreateKeyReason>> => {
    if ((await readRecord(dir, id)).state !== 'absent') {
      throw new Error('key custody: refusing to replace the key of an existing store');
    }
    if (keychain === null) {
      // Check the passphrase before spending entropy or argon2 time.
      if (options.passphrase === undefined) return err('passphrase-needed');
      const checked = checkPassphrase(options.passphrase);
      if (!checked.ok) return checked;
    }
    const key = randomBytes(KEY_BYTES);
    try {
      if (keychain !== null) {
        const kept = await createInKeychain(keychain, id, key);
        if (!kept.ok) {
          key.fill(0);
          return kept;
        }
        return ok(key);
      }
      const wrapped = await wrapKey(key, options.passphrase ?? '', accountFor(id));
      if (!wrapped.ok) {
        key.fill(0);
        return wrapped;
      }
      const record: KeyRecord = {
        format: FORMAT,
        version: 1,
        custody: 'passphrase',
        envelope: wrapped.value,
      };
      await writeNewFileAtomically(dir, `${id}.key.json`, JSON.stringify(record, null, 2));
      return ok(key);
    } catch (e) {
      key.fill(0);
      throw e;
    }
  };

  const create = async (
    storeId: string,
    options: KeyOptions = {},
  ): Promise<Result<Buffer, CreateKeyReason>> => {
    const id = storeKey(storeId);
    const before = creating.get(id) ?? Promise.resolve();
    const run = before.then(
      () => createNow(id, options),
      () => createNow(id, options),
    );
    creating.set(id, run);
    try {
      return await run;
    } finally {
      if (creating.get(id) === run) creating.delete(id);
    }
  };

  /** The key a record points at; `account` is where a keychain record must point. */
  const keyFromRecord = async (
    file: string,
    id: string,
    account: string,
    options: KeyOptions,
  ): Promise<Result<Buffer, LoadKeyReason>> => {
    const read = await readRecord(dir, id, file);
    if (read.state === 'absent') return err('key-missing', 'no key record for this store');
    if (read.state === 'damaged') return err('key-missing', 'the key record is damaged');
    const { record } = read;
    if (record.custody === 'keychain') {
      if (record.account !== account) return err('key-missing', 'the key record is damaged');
      if (keychain === null) return err('keychain-unavailable');
      let secret: string | null;
      try {
        secret = await keychain.get(record.account);
      } catch {
        return err('keychain-unavailable');
      }
      if (secret === null) return err('key-missing', 'the keychain has no key for this store');
      const key = decodeKeychainSecret(secret);
      return key === null ? err('key-missing', 'the keychain entry is damaged') : ok(key);
    }
    if (options.passphrase === undefined) return err('passphrase-needed');
    const unwrapped = await unwrapKey(record.envelope, options.passphrase, accountFor(id));
    if (unwrapped.ok) return unwrapped;
    return unwrapped.reason === 'wrong-passphrase'
      ? err('wrong-passphrase')
      : err('key-missing', 'the key record is damaged');
  };

  const load = async (
    storeId: string,
    options: KeyOptions = {},
  ): Promise<Result<Buffer, LoadKeyReason>> => {
    const id = storeKey(storeId);
    return keyFromRecord(recordFile(dir, id), id, accountFor(id), options);
  };

  const stagePending = async (
    storeId: string,
    key: Buffer,
    options: KeyOptions = {},
  ): Promise<Result<string, CreateKeyReason>> => {
    const id = storeKey(storeId);
    const current = await readRecord(dir, id);
    if (current.state !== 'ok') throw new Error('key custody: no current key to rekey from');
    let record: KeyRecord;
    if (current.record.custody === 'keychain') {
      if (keychain === null) return err('keychain-unavailable');
      const account = pendingAccountFor(id);
      try {
        await keychain.set(account, key.toString('base64'));
        const back = await keychain.get(account);
        const kept = back === null ? null : decodeKeychainSecret(back);
        const same = kept !== null && timingSafeEqual(kept, key);
        kept?.fill(0);
        if (!same) return err('keychain-unavailable', 'the keychain did not keep the key');
      } catch {
        return err('keychain-unavailable');
      }
      record = { format: FORMAT, version: 1, custody: 'keychain', account };
    } else {
      // The same passphrase as the current key, so one passphrase opens whichever is in use.
      if (options.passphrase === undefined) return err('passphrase-needed');
      // Same associated data as the current record: promotion is then one rename.
      const wrapped = await wrapKey(key, options.passphrase, accountFor(id));
      if (!wrapped.ok) return wrapped;
      record = { format: FORMAT, version: 1, custody: 'passphrase', envelope: wrapped.value };
    }
    const { secret, text } = newRecoveryKey();
    try {
      const envelope = wrapWithRecovery(key, secret, accountFor(id));
      await replaceFileAtomically(dir, pendingRecoveryName(id), JSON.stringify(envelope, null, 2));
    } finally {
      secret.fill(0);
    }
    // The record last: a pending key counts only once everything for it is on disk.
    await replaceFileAtomically(dir, pendingName(id), JSON.stringify(record, null, 2));
    return ok(text);
  };

  const hasPending = async (storeId: string): Promise<boolean> => {
    const id = storeKey(storeId);
    return (await readRecord(dir, id, join(dir, pendingName(id)))).state !== 'absent';
  };

  const loadPending = async (
    storeId: string,
    options: KeyOptions = {},
  ): Promise<Result<Buffer, LoadKeyReason>> => {
    const id = storeKey(storeId);
    return keyFromRecord(join(dir, pendingName(id)), id, pendingAccountFor(id), options);
  };

  const discardPending = async (storeId: string): Promise<void> => {
    const id = storeKey(storeId);
    const read = await readRecord(dir, id, join(dir, pendingName(id)));
    // The record first: without it the rest is never looked at.
    for (const name of [pendingName(id), pendingRecoveryName(id)]) {
      await unlink(join(dir, name)).catch((e: unknown) => {
        if (!isErrno(e, 'ENOENT')) throw e;
      });
    }
    await syncDir(dir);
    if (read.state === 'ok' && read.record.custody === 'keychain' && keychain !== null) {
      await keychain.remove(pendingAccountFor(id)).catch(() => undefined);
    }
  };

  const promotePending = async (
    storeId: string,
  ): Promise<Result<null, 'keychain-unavailable' | 'key-missing'>> => {
    const id = storeKey(storeId);
    const pendingFile = join(dir, pendingName(id));
    const read = await readRecord(dir, id, pendingFile);
    if (read.state !== 'ok') return err('key-missing', 'no pending key for this store');
    // 1. The recovery envelope: from here the new recovery key opens the store.
    // The old envelope (the old key under the old recovery key) is overwritten once replaced.
    const oldRecovery = await holdForWipe(join(dir, recoveryFile(id)));
    try {
      await rename(join(dir, pendingRecoveryName(id)), join(dir, recoveryFile(id)));
    } catch (e) {
      // Already moved by an earlier, interrupted promotion.
      if (!isErrno(e, 'ENOENT')) {
        await oldRecovery?.close();
        throw e;
      }
    }
    await syncDir(dir);
    await wipeHeld(oldRecovery);
    // 2. The key record.
    if (read.record.custody === 'passphrase') {
      // Wrapped exactly like a current record: one atomic rename. The old
      // record (the old key under the passphrase) is overwritten once replaced.
      const oldRecord = await holdForWipe(recordFile(dir, id));
      try {
        await rename(pendingFile, recordFile(dir, id));
      } catch (e) {
        await oldRecord?.close();
        throw e;
      }
      await syncDir(dir);
      await wipeHeld(oldRecord);
      return ok(null);
    }
    if (keychain === null) return err('keychain-unavailable');
    let secret: string | null;
    try {
      secret = await keychain.get(pendingAccountFor(id));
    } catch {
      return err('keychain-unavailable');
    }
    const key = secret === null ? null : decodeKeychainSecret(secret);
    if (key === null) return err('key-missing', 'the keychain has no pending key');
    try {
      const kept = await createInKeychain(keychain, id, key, true);
      if (!kept.ok) return kept;
    } finally {
      key.fill(0);
    }
    // 3. The pending entry: the current one now holds the same key.
    await discardPending(id);
    return ok(null);
  };

  const readRecovery = async (id: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(join(dir, recoveryFile(id)), 'utf8')) as unknown;
    } catch (e) {
      if (isErrno(e, 'ENOENT') || e instanceof SyntaxError) return null;
      throw e;
    }
  };

  /** Keeps `key` for the store the way new keys are kept here, replacing the record. */
  const keepReplacing = async (
    id: string,
    key: Buffer,
    options: KeyOptions,
  ): Promise<Result<null, CreateKeyReason>> => {
    if (keychain !== null) return createInKeychain(keychain, id, key, true);
    if (options.passphrase === undefined) return err('passphrase-needed');
    const wrapped = await wrapKey(key, options.passphrase, accountFor(id));
    if (!wrapped.ok) return wrapped;
    const record: KeyRecord = {
      format: FORMAT,
      version: 1,
      custody: 'passphrase',
      envelope: wrapped.value,
    };
    await replaceFileAtomically(dir, `${id}.key.json`, JSON.stringify(record, null, 2));
    return ok(null);
  };

  const setUpRecovery = async (storeId: string, key: Buffer): Promise<string> => {
    const id = storeKey(storeId);
    const { secret, text } = newRecoveryKey();
    try {
      const envelope = wrapWithRecovery(key, secret, accountFor(id));
      await replaceFileAtomically(dir, recoveryFile(id), JSON.stringify(envelope, null, 2));
      return text;
    } finally {
      secret.fill(0);
    }
  };

  const recover = async (
    storeId: string,
    recoveryKey: string,
    options: KeyOptions = {},
  ): Promise<Result<Buffer, RecoverReason>> => {
    const id = storeKey(storeId);
    const envelope = await readRecovery(id);
    if (envelope === null) return err('no-recovery-key');
    if (keychain === null) {
      // Check the new passphrase before anything is replaced.
      if (options.passphrase === undefined) return err('passphrase-needed');
      const checked = checkPassphrase(options.passphrase);
      if (!checked.ok) return checked;
    }
    const key = unwrapWithRecovery(envelope, recoveryKey, accountFor(id));
    if (!key.ok)
      return err(key.reason === 'wrong-recovery-key' ? 'wrong-recovery-key' : 'no-recovery-key');
    const kept = await keepReplacing(id, key.value, options);
    if (!kept.ok) {
      key.value.fill(0);
      return kept;
    }
    return key;
  };

  const changePassphrase = async (
    storeId: string,
    oldPassphrase: string,
    newPassphrase: string,
  ): Promise<Result<null, ChangePassphraseReason>> => {
    const id = storeKey(storeId);
    if ((await custodyOf(id)) !== 'passphrase') return err('not-passphrase-custody');
    const checked = checkPassphrase(newPassphrase);
    if (!checked.ok) return checked;
    const key = await load(id, { passphrase: oldPassphrase });
    if (!key.ok) return err(key.reason === 'wrong-passphrase' ? 'wrong-passphrase' : 'key-missing');
    try {
      const wrapped = await wrapKey(key.value, newPassphrase, accountFor(id));
      if (!wrapped.ok) return wrapped;
      const record: KeyRecord = {
        format: FORMAT,
        version: 1,
        custody: 'passphrase',
        envelope: wrapped.value,
      };
      await replaceFileAtomically(dir, `${id}.key.json`, JSON.stringify(record, null, 2));
      return ok(null);
    } finally {
      key.value.fill(0);
    }
  };

  return {
    method: () => (keychain === null ? 'passphrase' : 'keychain'),
    has,
    custodyOf,
    create,
    load,
    setUpRecovery,
    hasRecovery: async (storeId) => (await readRecovery(storeKey(storeId))) !== null,
    recoveryEnvelope: (storeId) => readRecovery(storeKey(storeId)),
    recover,
    changePassphrase,
    stagePending,
    hasPending,
    loadPending,
    promotePending,
    discardPending,
    replaceKey: (storeId, key, options = {}) => keepReplacing(storeKey(storeId), key, options),
    adoptRecoveryEnvelope: (storeId, envelope) =>
      replaceFileAtomically(
        dir,
        recoveryFile(storeKey(storeId)),
        JSON.stringify(envelope, null, 2),
      ),
  };
}
