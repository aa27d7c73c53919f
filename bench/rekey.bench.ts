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
import { MIGRATIONS } from '#main/store/schema.ts';
import { report, sample } from '#bench/stats.ts';

/**
 * Changing the key to a casework store (the two-phase rekey: pending key
 * wrapped with the passphrase, every page re-encrypted, key promoted) on a
 * generated encrypted store, and the lock screen's local password check.
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

  const rekeys = await sample(
    async () => {
      const done = await rekeyKeptStore({
        custody,
        storeId,
        db,
        keyOptions: { passphrase: PASSPHRASE },
      });
      if (!done.ok) throw new Error(done.reason);
    },
    5,
    1,
  );
  report('rekey (whole store, two-phase)', rekeys);
  db.close();

  const verifier = createPasswordVerifier(join(dir, 'keys'));
  await verifier.remember(storeId, 'correct horse battery staple');
  const checks = await sample(() => verifier.check(storeId, 'correct horse battery staple'), 20, 2);
  report('lock screen password check (argon2id, 64 MiB)', checks);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
