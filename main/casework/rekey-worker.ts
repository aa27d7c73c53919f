import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { openStore } from '#main/store/open.ts';
import { copyBeforeRekey, rekeyStore } from '#main/store/rekey.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import type { RekeyWork, WorkerReport } from '#main/casework/rekey-runner.ts';

/**
 * The rekey's heavy part, on its own thread (main/casework/rekey-runner.ts
 * starts it): opens the store with the old key, writes the checked copy
 * under the old key, re-encrypts every page with the new key, closes. The
 * desk has closed its own connection first, so nothing writes between the
 * copy and the re-encryption, exactly as when both ran in one synchronous
 * step on the main thread. Reports each step; never a key, never an error
 * message (SQLite's can quote the statement, and the rekey's holds the key):
 * only an error code.
 *
 * Bundled as its own entry (.vite/build/rekey-worker.js, see
 * vite.main.config.ts); run from source under tsx/vitest.
 */
const work = workerData as RekeyWork;
const report = (message: WorkerReport): void => parentPort?.postMessage(message);

// Views over the transferred bytes, not copies: wiped below.
const oldKey = Buffer.from(work.oldKey.buffer, work.oldKey.byteOffset, work.oldKey.byteLength);
const newKey = Buffer.from(work.newKey.buffer, work.newKey.byteOffset, work.newKey.byteLength);
try {
  const opened = openStore(work.file, oldKey, MIGRATIONS);
  if (!opened.ok) {
    report({ step: 'failed', code: opened.reason });
  } else {
    const db = opened.value;
    try {
      report({ step: 'copying' });
      copyBeforeRekey(db, work.copy);
      report({ step: 'copied' });
      // Test support only: holds this thread (as a long write would) until
      // the test lets it go, so a test can prove the desk answers meanwhile.
      if (work.holdAfterCopy !== null) Atomics.wait(new Int32Array(work.holdAfterCopy), 0, 0);
      rekeyStore(db, newKey);
    } finally {
      db.close();
    }
    report({ step: 'rekeyed' });
  }
} catch (e) {
  report({ step: 'failed', code: e instanceof Sqlite.SqliteError ? e.code : 'rekey-error' });
} finally {
  oldKey.fill(0);
  newKey.fill(0);
}
