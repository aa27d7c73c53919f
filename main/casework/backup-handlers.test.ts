import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDue } from '#main/casework/backup-handlers.ts';
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
      reason: 'backup-folder-unavailable',
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
