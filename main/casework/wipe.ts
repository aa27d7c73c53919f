import { randomFillSync } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Overwrites a file in place with random bytes, syncs it to the disk, then
 * unlinks it (and syncs the folder): for copies of the store under a key that
 * is being retired (main/casework/store-keys.ts). Best effort, and only that:
 * SSDs remap writes (wear levelling), copy-on-write and journalling
 * filesystems (APFS, btrfs, ZFS, NTFS's own journal) may write the new bytes
 * elsewhere, and backups or snapshots may hold the old ones. SECURITY.md says
 * why that matters less here: every such file is encrypted under a key whose
 * custody entry and recovery envelope are gone.
 *
 * Asynchronous (libuv's thread pool), so a large file never blocks the desk.
 * A file that is not there is fine: there is nothing to wipe.
 */
const CHUNK = 1 << 20;

const isMissing = (e: unknown): boolean =>
  e instanceof Error && (e as NodeJS.ErrnoException).code === 'ENOENT';

export const wipeFile = async (file: string): Promise<void> => {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (e) {
    if (isMissing(e)) return;
    throw e;
  }
  try {
    const { size } = await handle.stat();
    // One random chunk per file, written over every part of it: random, not
    // zeros, so a compressing filesystem cannot keep the old blocks and store
    // a hole instead.
    const chunk = randomFillSync(Buffer.alloc(Math.min(CHUNK, Math.max(size, 1))));
    for (let at = 0; at < size; at += chunk.length) {
      await handle.write(chunk, 0, Math.min(chunk.length, size - at), at);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await unlink(file);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  // The unlink made durable too (folders cannot be opened on Windows).
  const folder = await open(dirname(file), 'r').catch(() => null);
  if (folder !== null) {
    await folder.sync().catch(() => undefined);
    await folder.close();
  }
};

/** SQLite's files beside a database: wiped with it. */
export const SQLITE_SIDE_FILES = ['-journal', '-wal', '-shm'] as const;

/** Wipes a database file and any journal, WAL or shared-memory file beside it. */
export const wipeDatabaseFiles = async (file: string): Promise<void> => {
  for (const side of SQLITE_SIDE_FILES) await wipeFile(`${file}${side}`);
  await wipeFile(file);
};
