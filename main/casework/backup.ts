import { existsSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { KeyCustodian, KeyOptions } from '#main/keys/custody.ts';
import { unwrapWithRecovery } from '#main/keys/recovery.ts';
import { readBackup } from '#main/store/backup.ts';
import { deleteMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

export type RestoreReason =
  | 'not-a-backup'
  | 'wrong-recovery-key'
  | 'store-exists'
  | 'store-damaged'
  | 'passphrase-too-short'
  | 'keychain-unavailable';

/**
 * Restores a backup onto this computer (a new or rebuilt one) for the signed-in
 * user: the recovery key opens the backup's key, the copy is opened and
 * checked before it becomes the store, and the key is then kept here the
 * usual way (keychain, or the new passphrase). A store that already exists is
 * never replaced.
 */
export const restoreBackup = async (
  custody: KeyCustodian,
  input: { backupFolder: string; recoveryKey: string; storeId: string; storeFile: string },
  options: KeyOptions,
): Promise<Result<null, RestoreReason>> => {
  if (existsSync(input.storeFile) || (await custody.has(input.storeId))) return err('store-exists');
  const backup = readBackup(input.backupFolder);
  if (backup === null) return err('not-a-backup');
  const key = unwrapWithRecovery(
    backup.recoveryEnvelope,
    input.recoveryKey,
    `store:${input.storeId.toLowerCase()}`,
  );
  if (!key.ok)
    return err(key.reason === 'wrong-recovery-key' ? 'wrong-recovery-key' : 'not-a-backup');
  const temp = `${input.storeFile}.restoring`;
  try {
    copyFileSync(backup.file, temp);
    // Opening checks the key with a real read, and brings an older backup's
    // schema up to date, on the copy only.
    const opened = openStore(temp, key.value, MIGRATIONS);
    if (!opened.ok) {
      rmSync(temp, { force: true });
      return err(opened.reason === 'wrong-key' ? 'wrong-recovery-key' : 'store-damaged');
    }
    // A restored store is a new desk: it asks the network for case reference
    // letters of its own (#5), so the old computer, if it is still in use,
    // and this one never number two cases alike. Its cases keep theirs.
    deleteMeta(opened.value, 'case-series');
    deleteMeta(opened.value, 'store-id');
    const check = opened.value.pragma('quick_check', { simple: true });
    opened.value.pragma('wal_checkpoint(TRUNCATE)');
    opened.value.close();
    if (check !== 'ok') {
      rmSync(temp, { force: true });
      return err('store-damaged');
    }
    const kept = await custody.replaceKey(input.storeId, key.value, options);
    if (!kept.ok) {
      rmSync(temp, { force: true });
      return err(kept.reason === 'keychain-unavailable' ? kept.reason : 'passphrase-too-short');
    }
    await custody.adoptRecoveryEnvelope(input.storeId, backup.recoveryEnvelope);
    renameSync(temp, input.storeFile);
    return ok(null);
  } finally {
    key.value.fill(0);
    for (const leftover of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(leftover, { force: true });
  }
};
