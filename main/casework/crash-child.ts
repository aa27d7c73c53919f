import { join } from 'node:path';
import { z } from 'zod';
import { rekeyKeptStore } from '#main/casework/store-keys.ts';
import type { RekeyHooks } from '#main/casework/store-keys.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * A child process for the crash tests (store-keys.crash.test.ts), which
 * SIGKILL it at chosen moments. It prints one line per step that has reached
 * the disk; the parent trusts only what was printed.
 *   rekey: re-encrypts the store, prints "rekeyed" and then waits, inside the
 *          window between re-encryption and promotion, to be killed.
 *   rekey-through: prints "staged" just before the worker starts, then each
 *          step the worker reports ("copying", "copied", "rekeyed"), and is
 *          killed somewhere during them (or, if it is quick, in the window).
 *   rekey-hold: the worker writes the copy, prints "copied" and is held
 *          there (before re-encrypting) until it is killed.
 *   write: adds clients, one transaction each, printing each id after commit.
 * Test support only: never imported by the app.
 */
const argsSchema = z.object({
  mode: z.enum(['rekey', 'rekey-through', 'rekey-hold', 'write']),
  dataDir: z.string(),
  storeId: z.string(),
  passphrase: z.string(),
});

/** Keeps the process alive until it is killed. */
const waitToBeKilled = (): Promise<never> =>
  new Promise<never>(() => {
    setInterval(() => undefined, 60_000);
  });

const main = async (): Promise<void> => {
  const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const custody = createKeyCustody({ dir: join(args.dataDir, 'keys'), keychain: null });
  const key = await custody.load(args.storeId, { passphrase: args.passphrase });
  if (!key.ok) throw new Error(`crash-child: ${key.reason}`);
  const file = join(args.dataDir, `${args.storeId}.db`);
  const opened = openStore(file, key.value, MIGRATIONS);
  if (!opened.ok) throw new Error(`crash-child: ${opened.reason}`);
  const db = opened.value;
  process.stdout.write('open\n');
  if (args.mode !== 'write') {
    // As the desk does: its own connection closed while the worker rekeys.
    db.close();
    const say = (line: string): void => {
      process.stdout.write(`${line}\n`);
    };
    const rekey = (hooks: RekeyHooks) =>
      rekeyKeptStore({
        custody,
        storeId: args.storeId,
        file,
        currentKey: key.value,
        keyOptions: { passphrase: args.passphrase },
        hooks,
      });
    if (args.mode === 'rekey-through') {
      // Announces the start and each step, and carries on: the parent kills
      // it at a moment it does not choose precisely, somewhere in the rekey.
      await rekey({
        afterStage: () => {
          say('staged');
          return Promise.resolve();
        },
        onStep: say,
        afterReencrypt: waitToBeKilled,
      });
      return;
    }
    if (args.mode === 'rekey-hold') {
      // Never released: the worker stays between the copy and the re-encryption.
      await rekey({ onStep: say, holdAfterCopy: new SharedArrayBuffer(4) });
      throw new Error('crash-child: the rekey went past the hold');
    }
    await rekey({
      afterReencrypt: async () => {
        say('rekeyed');
        await waitToBeKilled();
      },
    });
    throw new Error('crash-child: the rekey went past the crash window');
  }
  key.value.fill(0);
  const add = db.transaction((n: number) =>
    insertClient(db, details({ name: `Crash ${n}` }), new Date()),
  );
  for (let n = 0; ; n += 1) {
    const client = add(n);
    process.stdout.write(`${client.id} ${client.name}\n`);
    // Let stdout drain now and then so the parent sees lines as they come.
    if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};

await main();
