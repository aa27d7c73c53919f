import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import type { KeyCustodian, KeyOptions } from '#main/keys/custody.ts';
import { openStore } from '#main/store/open.ts';
import type { Database, Migration, OpenStoreReason } from '#main/store/open.ts';
import { runRekeyWorker } from '#main/casework/rekey-runner.ts';
import type { RekeyStep } from '#main/casework/rekey-runner.ts';
import { SQLITE_SIDE_FILES, wipeDatabaseFiles } from '#main/casework/wipe.ts';

/**
 * The store and its key kept in step, so a crash never leaves a store that
 * no kept key opens. A rekey is two-phase:
 *   1. the new key is kept as *pending* beside the current one (with a
 *      recovery envelope for it);
 *   2. the store is re-encrypted (one SQLite transaction: before it commits,
 *      the file is still the old key's);
 *   3. the pending key is promoted to current.
 * Opening tries the current key; if it fails and a pending key exists, the
 * crash came between 2 and 3: the pending key opens the store and is promoted.
 * If the current key works, a pending key is a leftover of a crash before 2
 * and is discarded.
 *
 * Step 2 is not enough on its own: SQLite3 Multiple Ciphers' in-place rekey,
 * killed while it writes the re-encrypted pages back, can leave a file and a
 * hot journal that neither key opens (found by crash.test.ts). So before
 * re-encrypting, a checked copy of the store under the old key is kept beside
 * it (`<store>.before-rekey`); opening puts it back when neither key opens
 * the store, and it is wiped (overwritten, synced, unlinked: wipe.ts) once
 * the rekey has settled.
 *
 * The copy and the re-encryption run on a worker thread (rekey-worker.ts),
 * so the desk keeps answering. The caller closes its own connection first:
 * with no other connection open, nothing can write between the copy and the
 * re-encryption, as when both ran in one synchronous step here.
 */

/** The copy kept while a rekey is under way. */
export const beforeRekeyFile = (file: string): string => `${file}.before-rekey`;

/** The copy and what writing it may leave (a copy cut short, its journal). */
const wipeRekeyLeftovers = async (file: string): Promise<void> => {
  await wipeDatabaseFiles(`${beforeRekeyFile(file)}.partial`);
  await wipeDatabaseFiles(beforeRekeyFile(file));
};

/**
 * Puts the copy made before a rekey back in place of a store neither key
 * opens. The broken file and its hot journal are moved aside (never applied
 * to the copy), not deleted: IT support may want them.
 */
const restoreBeforeRekey = (file: string): boolean => {
  const copy = beforeRekeyFile(file);
  if (!existsSync(copy)) return false;
  const aside = `${file}.rekey-failed-${String(Date.now())}`;
  if (existsSync(file)) renameSync(file, aside);
  for (const side of SQLITE_SIDE_FILES) {
    if (existsSync(`${file}${side}`)) renameSync(`${file}${side}`, `${aside}${side}`);
  }
  renameSync(copy, file);
  return true;
};

export type RekeyHooks = {
  /** Test-only: runs once the pending key is kept, before re-encryption starts. */
  afterStage?: () => Promise<void>;
  /** Test-only: told of each step the worker reports (copying, copied, rekeyed). */
  onStep?: (step: RekeyStep) => void;
  /** Test-only: the worker waits after the copy until this Int32 is not 0 (Atomics). */
  holdAfterCopy?: SharedArrayBuffer;
  /** Test-only: runs after re-encryption, before promotion (the crash window). */
  afterReencrypt?: () => Promise<void>;
};

/**
 * Opens an existing store with its current key (`key`, loaded by the caller,
 * who still owns and wipes it), finishing or discarding a pending rekey.
 * `rekeyFinished` gets the key that now opens the store when an interrupted
 * rekey was just finished: its recovery key was never shown, so the caller
 * makes a new one.
 */
export const openKeptStore = async (args: {
  custody: KeyCustodian;
  storeId: string;
  file: string;
  key: Buffer;
  keyOptions: KeyOptions;
  migrations: readonly Migration[];
  rekeyFinished: (key: Buffer) => Promise<void>;
}): Promise<Result<Database, OpenStoreReason>> => {
  const { custody, storeId, file, migrations } = args;
  // A copy cut short by a crash is never used: wipe it and its journal.
  await wipeDatabaseFiles(`${beforeRekeyFile(file)}.partial`);
  const opened = openStore(file, args.key, migrations);
  const hasPending = await custody.hasPending(storeId);
  if (opened.ok) {
    if (hasPending) await custody.discardPending(storeId);
    await wipeRekeyLeftovers(file);
    return opened;
  }
  if (opened.reason !== 'wrong-key' || !hasPending) return opened;
  const pending = await custody.loadPending(storeId, args.keyOptions);
  if (!pending.ok) return opened;
  try {
    const retried = openStore(file, pending.value, migrations);
    if (retried.ok) {
      const promoted = await custody.promotePending(storeId);
      // Not promoted (the keychain did not answer): the store still opens with
      // the pending key next time, so go on with the casework.
      if (promoted.ok) {
        await wipeRekeyLeftovers(file);
        await args.rekeyFinished(pending.value);
      }
      return retried;
    }
  } finally {
    pending.value.fill(0);
  }
  // Killed while re-encrypting: neither key opens the file. The copy made
  // just before, under the current key, is the casework as it was.
  if (!restoreBeforeRekey(file)) return opened;
  const restored = openStore(file, args.key, migrations);
  if (restored.ok) await custody.discardPending(storeId);
  return restored;
};

/**
 * Re-encrypts the store at `file` with a new random key, two-phase (see
 * above), on a worker thread. The caller has closed every connection to the
 * store (and reopens it afterwards with openKeptStore, which settles whatever
 * state a failure left), and passes the current key (`currentKey`, which it
 * still owns and wipes), having proved the passphrase by loading it.
 * Returns the new recovery key's text, to be shown once.
 */
export const rekeyKeptStore = async (args: {
  custody: KeyCustodian;
  storeId: string;
  file: string;
  currentKey: Buffer;
  keyOptions: KeyOptions;
  hooks?: RekeyHooks;
}): Promise<Result<string, Reason>> => {
  const { custody, storeId, file, hooks } = args;
  // A pending key now means an earlier rekey in this session did not settle:
  // staging over it could lose the key the file is encrypted with.
  if (await custody.hasPending(storeId)) return err('rekey-unfinished');
  const next = randomBytes(32);
  try {
    const staged = await custody.stagePending(storeId, next, args.keyOptions);
    if (!staged.ok) {
      await custody.discardPending(storeId);
      return err(staged.reason === 'keychain-unavailable' ? staged.reason : 'wrong-passphrase');
    }
    await hooks?.afterStage?.();
    const copy = beforeRekeyFile(file);
    const reencrypted = await runRekeyWorker({
      file,
      copy,
      oldKey: args.currentKey,
      newKey: next,
      ...(hooks?.onStep !== undefined && { onStep: hooks.onStep }),
      ...(hooks?.holdAfterCopy !== undefined && { holdAfterCopy: hooks.holdAfterCopy }),
    });
    if (!reencrypted.ok) {
      // `rekey-failed`: SQLite rolled the rekey back, the store is still the
      // old key's. `rekey-stopped` (should not happen): left as a crash
      // would leave it, for openKeptStore to settle when the caller reopens.
      if (reencrypted.reason === 'rekey-failed') {
        await wipeRekeyLeftovers(file);
        await custody.discardPending(storeId);
      }
      return err('rekey-failed');
    }
    await hooks?.afterReencrypt?.();
    const promoted = await custody.promotePending(storeId);
    // Not promoted (the keychain stopped answering): the store is the new
    // key's and the pending key still opens it; the next unlock finishes the
    // promotion and shows a new recovery key. Until then rekey is refused.
    if (!promoted.ok) return err(promoted.reason);
    await wipeRekeyLeftovers(file);
    return ok(staged.value);
  } finally {
    next.fill(0);
  }
};
