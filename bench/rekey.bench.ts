import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rekeyKeptStore } from '#main/casework/store-keys.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { createPasswordVerifier } from '#main/keys/password-verifier.ts';
import { addNote } from '#main/store/case-records.ts';
import { openCase } from '#main/store/cases.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { openStore } from '#main/store/open.ts';
import { copyBeforeRekey, rekeyStore } from '#main/store/rekey.ts';
import { wipeFile } from '#main/casework/wipe.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { report, sample } from '#bench/stats.ts';

/**
 * Changing the key to a casework store (the two-phase rekey: pending key
 * wrapped with the passphrase, a checked copy under the old key and every
 * page re-encrypted on a worker thread, key promoted, the copy wiped) on a
 * generated encrypted store; how long the main thread stalled meanwhile, and
 * how long it was blocked when the same work ran on it; and the lock
 * screen's local password check.
 * Sizes: BENCH_CLIENTS (default 20,000) clients with five notes each.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20_000);
const PASSPHRASE = 'a passphrase for the benchmark';

const dir = mkdtempSync(join(tmpdir(), 'handover-bench-rekey-'));
try {
  const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
  const storeId = randomUUID();
  const key = await custody.create(storeId, { passphrase: PASSPHRASE });
  if (!key.ok) throw new Error(key.reason);
  const file = join(dir, 'store.db');
  const opened = openStore(file, key.value, MIGRATIONS);
  key.value.fill(0);
  if (!opened.ok) throw new Error(opened.reason);
  const db = opened.value;

  const built = performance.now();
  const at = new Date('2026-11-23T10:00:00Z');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const client = insertClient(db, details({ name: `Client Number${String(i)}` }), at);
      const c = openCase(
        db,
        { clientId: client.id, issues: ['debt'], summary: 'Arrears', openedOn: '2026-01-01' },
        'Bench',
        at,
      );
      if (c === null) throw new Error('no case');
      for (let n = 0; n < 5; n += 1) {
        addNote(
          db,
          { caseId: c.id, text: `Note ${String(n)} about arrears and a payment plan` },
          'Bench',
          at,
        );
      }
    }
  });
  for (let i = 0; i < CLIENTS; i += 1_000) batch(i, Math.min(CLIENTS, i + 1_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(
    `store built: ${String(CLIENTS)} clients, ${String(CLIENTS * 5)} notes, ${(statSync(file).size / 1_048_576).toFixed(1)} MiB in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );

  db.close();

  /**
   * The longest the main thread went without running a timer while `run`
   * was under way: how long the desk could not answer anything.
   */
  const longestStall = async (run: () => Promise<void>): Promise<number> => {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    try {
      await run();
    } finally {
      clearInterval(ticker);
    }
    return Math.max(longest, performance.now() - last);
  };

  const rekeyTimes: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    // Loading the key (argon2id) is the desk's proof of the passphrase, before the rekey: not timed.
    const current = await custody.load(storeId, { passphrase: PASSPHRASE });
    if (!current.ok) throw new Error(current.reason);
    const started = performance.now();
    const stall = await longestStall(async () => {
      const done = await rekeyKeptStore({
        custody,
        storeId,
        file,
        currentKey: current.value,
        keyOptions: { passphrase: PASSPHRASE },
      });
      if (!done.ok) throw new Error(done.reason);
    });
    current.value.fill(0);
    // The first is a warm-up.
    if (i > 0) {
      rekeyTimes.push(performance.now() - started);
      stalls.push(stall);
    }
  }
  report(
    'rekey (whole store, two-phase: pending key, worker copy + re-encryption, promotion, wipe)',
    rekeyTimes,
  );
  report('main thread longest stall during the rekey', stalls);

  // For comparison: the same copy and re-encryption done on the main thread,
  // as before the worker: the desk answered nothing for this long.
  const blockedTimes: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const current = await custody.load(storeId, { passphrase: PASSPHRASE });
    if (!current.ok) throw new Error(current.reason);
    const reopened = openStore(file, current.value, MIGRATIONS);
    if (!reopened.ok) throw new Error(reopened.reason);
    const blocked = performance.now();
    copyBeforeRekey(reopened.value, `${file}.bench-copy`);
    // Re-encrypted with the same key: the same work, and the key on record still opens it.
    rekeyStore(reopened.value, current.value);
    blockedTimes.push(performance.now() - blocked);
    reopened.value.close();
    current.value.fill(0);
    await wipeFile(`${file}.bench-copy`);
  }
  report(
    'for comparison: copy + re-encryption on the main thread (blocked throughout)',
    blockedTimes,
  );

  const verifier = createPasswordVerifier(join(dir, 'keys'));
  await verifier.remember(storeId, 'correct horse battery staple');
  const checks = await sample(() => verifier.check(storeId, 'correct horse battery staple'), 20, 2);
  report('lock screen password check (argon2id, 64 MiB)', checks);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
