import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import type { Handlers } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { PASSWORD } from '#test/network.ts';
import type { SyncOptions } from '#main/sync/engine.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Desks for integration tests: each on its own "computer" (data folder),
 * with a real encrypted store, against a real server. `closeAll` signs each
 * out and removes its folder.
 */
export const DESK_PASSPHRASE = 'a long enough passphrase';
export const FAST_SYNC = { retryMinMs: 100, retryMaxMs: 400 };

export type TestDesk = { desk: Desk; dir: string; h: Handlers };

export const testDesks = () => {
  const made: TestDesk[] = [];
  return {
    open: async (serverUrl: string, sync: Partial<SyncOptions> = {}): Promise<TestDesk> => {
      const dir = mkdtempSync(join(tmpdir(), 'handover-desk-'));
      const desk = await createDesk(
        { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'test', keychain: 'off' },
        { ...FAST_SYNC, ...sync },
      );
      const opened = { desk, dir, h: desk.handlers };
      made.push(opened);
      return opened;
    },
    closeAll: async (): Promise<void> => {
      for (const { desk, dir } of made) {
        await desk.handlers['session.signOut']({});
        await desk.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};

/**
 * Signs in online and unlocks with the passphrase (a new store is made the
 * first time). A coordinator's desk opens at sign-in: no passphrase (#12).
 */
export const signInAndUnlock = async (
  h: Handlers,
  serverUrl: string,
  email: string,
): Promise<void> => {
  const signedIn = await h['session.signIn']({ serverUrl, email, password: PASSWORD });
  if (
    signedIn.ok &&
    signedIn.value.state === 'ready' &&
    signedIn.value.me.user.role === 'coordinator'
  ) {
    return;
  }
  expect(signedIn).toMatchObject({ ok: true, value: { state: 'locked' } });
  const unlocked = await h['session.unlock']({ passphrase: DESK_PASSPHRASE });
  expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready' } });
};

/** Polls `probe` until it gives a value (not null or undefined); fails after `ms`. */
export const waitFor = async <T>(
  probe: () => Promise<T | null | undefined>,
  ms = 10_000,
): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * A passphrase store's file decrypted with its real key, as bytes: every
 * page, free ones included, so a test can look for any trace of a person.
 */
export const decryptedStore = async (dir: string, storeId: string): Promise<Buffer> => {
  const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
  const key = await custody.load(storeId, { passphrase: DESK_PASSPHRASE });
  if (!key.ok) throw new Error(key.reason);
  const plain = join(dir, 'plain.db');
  copyFileSync(join(dir, 'stores', `${storeId}.db`), plain);
  const conn = new Sqlite(plain);
  conn.pragma(`cipher = 'sqlcipher'`);
  conn.pragma('legacy = 4');
  conn.pragma(`key = "x'${key.value.toString('hex')}'"`);
  conn.pragma('journal_mode = DELETE');
  conn.pragma(`rekey = ''`);
  conn.close();
  key.value.fill(0);
  const bytes = readFileSync(plain);
  rmSync(plain);
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  return bytes;
};

/**
 * Runs `fn` on a second connection to an open desk's encrypted store (the
 * real key, from the desk's own key custody): for tests that must put
 * something in the store the desk's channels would never write.
 */
export const withDeskStore = async <T>(
  d: TestDesk,
  fn: (db: Database) => T,
  passphrase = DESK_PASSPHRASE,
): Promise<T> => {
  const status = await d.h['session.status']({});
  if (status.state !== 'ready') throw new Error('the desk is not open');
  const storeId = status.me.user.id;
  const custody = createKeyCustody({ dir: join(d.dir, 'keys'), keychain: null });
  const key = await custody.load(storeId, { passphrase });
  if (!key.ok) throw new Error(key.reason);
  const db = openStore(join(d.dir, 'stores', `${storeId}.db`), key.value, MIGRATIONS);
  key.value.fill(0);
  if (!db.ok) throw new Error(db.reason);
  try {
    return fn(db.value);
  } finally {
    db.value.close();
  }
};

/** Locks the desk, reads its decrypted store, and unlocks it again. */
export const decryptedWhileLocked = async (d: TestDesk): Promise<Buffer> => {
  const status = await d.h['session.status']({});
  if (status.state !== 'ready') throw new Error('the desk is not open');
  expect(await d.h['session.lock']({})).toMatchObject({ ok: true });
  const bytes = await decryptedStore(d.dir, status.me.user.id);
  expect(await d.h['session.unlock']({ passphrase: DESK_PASSPHRASE })).toMatchObject({ ok: true });
  return bytes;
};

/** Records a client on the desk (the quick form's fields) and gives their id. */
export const addTestClient = async (
  h: Handlers,
  client: { name: string; phone: string | null; dateOfBirth?: string; postcode?: string },
): Promise<string> => {
  const made = await h['clients.create']({
    name: client.name,
    dateOfBirth: client.dateOfBirth ?? '1990-01-02',
    phone: client.phone,
    email: '',
    address: null,
    postcode: client.postcode ?? 'NR1 1AA',
    preferredContact: null,
  });
  if (!made.ok) throw new Error(made.reason);
  return made.value.id;
};

/** Refers a client to the test network's food service, sharing name and phone with consent. */
export const referToFood = async (
  h: Handlers,
  clientId: string,
  needs: string,
): Promise<string> => {
  const service = await waitFor(
    async () => (await h['directory.search']({ text: 'food', issue: null }))[0],
  );
  const sent = await h['referrals.send']({
    clientId,
    serviceId: service.id,
    issues: ['food-support'],
    needs,
    urgent: false,
    consent: {
      given: true,
      givenBy: 'client',
      representativeName: null,
      method: 'in-person',
      shared: ['name', 'phone'],
    },
  });
  if (!sent.ok) throw new Error(sent.reason);
  return sent.value.referralId;
};
