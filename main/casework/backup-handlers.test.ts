import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '#src/contract.ts';
import { backupDue, backupFeature } from '#main/casework/backup-handlers.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { setMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { signIn as signInAt } from '#main/sync/server-api.ts';
import { manualClock } from '#test/manual-clock.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Backups through real desks: set a folder and a schedule, back up now, then
 * restore the backup on a second desk (another computer) with the recovery key.
 */
let net: TestNetwork;
const desks: Desk[] = [];
const dirs: string[] = [];

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const newDesk = async (): Promise<Desk> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-backup-desk-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  return desk;
};
const signIn = async (desk: Desk) =>
  value(
    await desk.handlers['session.signIn']({
      serverUrl: net.server.url,
      email: 'alice@northgate.test',
      password: PASSWORD,
    }),
  );

beforeAll(async () => {
  net = await startTestNetwork();
});
afterAll(async () => {
  for (const desk of desks) {
    // Signed out first: see handlers.test.ts.
    await desk.handlers['session.signOut']({});
    await desk.close();
  }
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the backup schedule', () => {
  it('is due after the chosen hours, and never when off', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(backupDue(null, 24, now)).toBe(true);
    expect(backupDue('2026-11-23T00:00:01Z', 12, now)).toBe(false);
    expect(backupDue('2026-11-23T00:00:00Z', 12, now)).toBe(true);
    expect(backupDue(null, 0, now)).toBe(false);
  });
});

describe('backups on the desk', () => {
  it('backs up to the chosen folder and restores on another computer with the recovery key', async () => {
    const office = await newDesk();
    await signIn(office);
    value(await office.handlers['session.unlock']({ passphrase: 'office passphrase one' }));
    const recoveryKey = (await office.handlers['keys.recoveryKey']({})).recoveryKey ?? '';
    value(
      await office.handlers['clients.save']({
        id: null,
        details: {
          name: 'Bea Backedup',
          otherNames: '',
          dateOfBirth: null,
          phone: '',
          email: '',
          address: '',
          postcode: '',
          preferredContact: null,
          contactNotes: '',
          household: '',
          language: '',
          interpreterNeeded: false,
          accessibilityNeeds: '',
          vulnerabilities: [],
        },
      }),
    );
    const h = office.handlers;
    expect(await h['backup.now']({})).toEqual({ ok: false, reason: 'backup-folder-unavailable' });
    expect(await h['backup.settings']({ folder: 'relative/folder', everyHours: 24 })).toEqual({
      ok: false,
      reason: 'folder-not-found',
    });
    const folder = mkdtempSync(join(tmpdir(), 'handover-usb-'));
    dirs.push(folder);
    expect(value(await h['backup.settings']({ folder, everyHours: 24 }))).toMatchObject({
      folder,
      everyHours: 24,
      lastBackupAt: null,
    });
    const status = value(await h['backup.now']({}));
    expect(status.lastBackupAt).not.toBeNull();
    const [made] = readdirSync(folder);
    expect(made).toMatch(/^handover-backup-/);

    const home = await newDesk();
    expect(await signIn(home)).toMatchObject({ state: 'locked', newStore: true });
    const backupFolder = join(folder, made ?? '');
    expect(
      await home.handlers['session.restoreBackup']({
        backupFolder,
        recoveryKey: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA',
        newPassphrase: 'home passphrase one',
      }),
    ).toEqual({ ok: false, reason: 'wrong-recovery-key' });
    const restored = value(
      await home.handlers['session.restoreBackup']({
        backupFolder,
        recoveryKey,
        newPassphrase: 'home passphrase one',
      }),
    );
    expect(restored.state).toBe('ready');
    expect((await home.handlers['casework.search']({ text: 'bea' })).map((x) => x.name)).toEqual([
      'Bea Backedup',
    ]);
  });
});

describe('keeping the last backups', () => {
  it('removes this adviser’s oldest backups beyond the number kept, and nothing else in the folder', async () => {
    const desk = await newDesk();
    await signIn(desk);
    const ready = value(await desk.handlers['session.unlock']({ passphrase: 'prune passphrase' }));
    if (ready.state !== 'ready') throw new Error('not ready');
    const h = desk.handlers;
    const folder = mkdtempSync(join(tmpdir(), 'handover-share-'));
    dirs.push(folder);
    // Every request is parsed by the contract first (main/dispatch.ts): 1 to 100.
    const schema = contract['backup.settings'].request;
    for (const keep of [0, 101, 2.5]) {
      expect(schema.safeParse({ folder, everyHours: 0, keep }).success).toBe(false);
    }
    expect((await h['backup.status']({})).keep).toBe(10);
    expect(value(await h['backup.settings']({ folder, everyHours: 0, keep: 2 })).keep).toBe(2);

    // One real backup, then older copies of it (same store) under older names, a
    // backup of another store (another adviser sharing the folder) and other files.
    expect(value(await h['backup.now']({})).lastBackupAt).not.toBeNull();
    // It becomes the newest of older backups, so the next one gets a name of its own.
    const [first = ''] = readdirSync(folder);
    const made = 'handover-backup-2022-01-01T09-00-00';
    renameSync(join(folder, first), join(folder, made));
    const older = ['2019-01-01T09-00-00', '2020-01-01T09-00-00', '2021-01-01T09-00-00'].map(
      (at) => `handover-backup-${at}`,
    );
    for (const name of older) cpSync(join(folder, made), join(folder, name), { recursive: true });
    const colleague = 'handover-backup-2018-01-01T09-00-00';
    cpSync(join(folder, made), join(folder, colleague), { recursive: true });
    const envelope = JSON.parse(
      readFileSync(join(folder, colleague, 'recovery.json'), 'utf8'),
    ) as Record<string, unknown>;
    writeFileSync(
      join(folder, colleague, 'recovery.json'),
      JSON.stringify({ ...envelope, context: 'store:0190a000-0000-7000-8000-00000000beef' }),
    );
    mkdirSync(join(folder, 'minutes of meetings'));

    // Keep 2: after the next backup, the two newest of this adviser's remain.
    value(await h['backup.now']({}));
    const left = readdirSync(folder).sort();
    expect(left).toHaveLength(4);
    expect(left).toContain(colleague);
    expect(left).toContain('minutes of meetings');
    expect(left).toContain(made);
    for (const name of older) expect(left).not.toContain(name);
  });
});

describe('scheduled backups', () => {
  it('are made by themselves when due, on the desk’s clock, and not before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handover-backup-clock-'));
    dirs.push(dir);
    const clock = manualClock();
    const desk = await createDesk(
      {
        dataDir: dir,
        defaultServerUrl: net.server.url,
        deviceName: 'test',
        keychain: 'off',
        clock,
      },
      { retryMinMs: 100, retryMaxMs: 400 },
    );
    desks.push(desk);
    await signIn(desk);
    value(await desk.handlers['session.unlock']({ passphrase: 'schedule passphrase' }));
    const h = desk.handlers;
    const folder = mkdtempSync(join(tmpdir(), 'handover-usb-scheduled-'));
    dirs.push(folder);
    value(await h['backup.settings']({ folder, everyHours: 4 }));
    // The adviser keeps working (so the desk does not lock) while time passes.
    const useFor = async (ms: number) => {
      for (let t = 0; t < ms; t += 5 * 60_000) {
        clock.advance(5 * 60_000);
        await h['session.activity']({});
      }
    };
    await useFor(5 * 60_000);
    // Never backed up: due at the first look.
    await expect.poll(() => readdirSync(folder).length).toBe(1);
    const first = (await h['backup.status']({})).lastBackupAt;
    expect(first).toBe('2026-11-23T09:05:00.000Z');
    await useFor(3 * 60 * 60_000);
    expect(readdirSync(folder)).toHaveLength(1);
    await useFor(60 * 60_000);
    await expect.poll(() => readdirSync(folder).length).toBe(2);
    expect((await h['backup.status']({})).lastBackupAt).toBe('2026-11-23T13:05:00.000Z');
  });

  it('are skipped, not thrown, when the store closes while one starts (a lock or a key change)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handover-backup-closing-'));
    dirs.push(dir);
    const answer = await signInAt(net.server.url, {
      email: 'alice@northgate.test',
      password: PASSWORD,
      device: 'test',
    });
    if (!answer.ok) throw new Error(answer.reason);
    const { token: _token, ...me } = answer.value;
    const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
    const key = value(await custody.create(me.user.id, { passphrase: 'closing passphrase' }));
    const db = value(openStore(join(dir, 'store.db'), key, MIGRATIONS));
    await custody.setUpRecovery(me.user.id, key);
    key.fill(0);
    const folder = join(dir, 'usb');
    mkdirSync(folder);
    setMeta(db, 'backup-folder', folder);
    setMeta(db, 'backup-every-hours', '1');
    // Reading the recovery envelope is held until the store has closed.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let session: { db: typeof db; me: typeof me } | null = { db, me };
    const feature = backupFeature({
      custody: {
        ...custody,
        recoveryEnvelope: async (id) => {
          await held;
          return custody.recoveryEnvelope(id);
        },
      },
      session: () => session,
      locked: () => null,
      unlock: () => Promise.reject(new Error('not used')),
      clock: manualClock(),
    });
    const running = feature.runDue();
    session = null;
    db.close();
    release();
    await expect(running).resolves.toBeUndefined();
    expect(readdirSync(folder)).toEqual([]);
    feature.stop();
  });
});

describe('choosing the backup folder', () => {
  it('uses the system folder window the shell gives, else the app’s own folder list', async () => {
    const usb = mkdtempSync(join(tmpdir(), 'handover-usb-'));
    dirs.push(usb);
    const dir = mkdtempSync(join(tmpdir(), 'handover-backup-desk-'));
    dirs.push(dir);
    const asked: (string | null)[] = [];
    const electronDesk = await createDesk({
      dataDir: dir,
      defaultServerUrl: net.server.url,
      deviceName: 'test',
      keychain: 'off',
      chooseFolder: (start) => {
        asked.push(start);
        return Promise.resolve(usb);
      },
    });
    desks.push(electronDesk);
    const h = electronDesk.handlers;
    // Nobody signed in: no folders are shown or made.
    expect(await h['folders.list']({ path: usb })).toEqual({ ok: false, reason: 'not-signed-in' });
    expect(await h['folders.choose']({ start: null })).toEqual({
      ok: false,
      reason: 'not-signed-in',
    });
    await signIn(electronDesk);
    value(await h['session.unlock']({ passphrase: 'office passphrase one' }));
    expect(value(await h['folders.choose']({ start: '/home/sam' }))).toEqual({ folder: usb });
    expect(asked).toEqual(['/home/sam']);

    // Web mode: no system window; the app lists folders and makes one.
    const web = await newDesk();
    await signIn(web);
    value(await web.handlers['session.unlock']({ passphrase: 'office passphrase one' }));
    expect(await web.handlers['folders.choose']({ start: null })).toEqual({
      ok: false,
      reason: 'no-folder-dialog',
    });
    const made = value(
      await web.handlers['folders.create']({ parent: usb, name: 'Handover backups' }),
    );
    expect(made).toMatchObject({ path: join(usb, 'Handover backups'), parent: usb, folders: [] });
    expect(value(await web.handlers['folders.list']({ path: usb })).folders).toEqual([
      'Handover backups',
    ]);
    expect(await web.handlers['folders.list']({ path: 'relative' })).toEqual({
      ok: false,
      reason: 'folder-not-found',
    });

    // The folder is checked by writing to it before it is saved.
    writeFileSync(join(usb, 'a-file'), 'x');
    expect(
      await web.handlers['backup.settings']({ folder: join(usb, 'a-file'), everyHours: 0 }),
    ).toEqual({ ok: false, reason: 'folder-not-found' });
    expect((await web.handlers['backup.status']({})).folder).toBeNull();
    expect(
      value(
        await web.handlers['backup.settings']({
          folder: `${made.path}/../Handover backups/`,
          everyHours: 0,
        }),
      ).folder,
    ).toBe(made.path);
    expect(readdirSync(made.path)).toEqual([]);
  });
});
