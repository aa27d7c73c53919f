import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDesk } from '#main/desk.ts';
import { startWebHost } from '#main/web/host.ts';
import { launchBrowser } from '#test/browser.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { PASSPHRASE, signIn } from '#e2e/advisers.ts';
import { expectAccessible, RENDERER, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Choosing the backup folder in web mode (#5), where a browser cannot hand
 * over a real path: the adviser opens the app's own folder list, goes into
 * Documents, makes a new folder and uses it, all from the keyboard; saves;
 * backs up there and sees it checked. A folder Handover cannot write to is
 * refused with plain words before it is saved. Checked with axe.
 */
let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let page: Page;
let home = '';
const realHome = process.env.HOME;

beforeAll(async () => {
  net = await startTestNetwork();
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  // The desk runs in this process: its "home folder" is this one (the
  // browser, already started, keeps its own).
  home = mkdtempSync(join(tmpdir(), 'handover-e2e-home-'));
  mkdirSync(join(home, 'Documents'));
  mkdirSync(join(home, 'Pictures'));
  mkdirSync(join(home, '.cache'));
  process.env.HOME = home;
});

afterAll(async () => {
  process.env.HOME = realHome;
  await browser.close();
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
  spawnSync('chattr', ['-i', join(home, 'Locked stick')]);
  rmSync(home, { recursive: true, force: true });
});

/** The accessible name of the focused control, near enough: its label, aria-label or text. */
const focusedName = async (on: Page): Promise<string | null> => {
  const focused = on.locator(':focus');
  // Tab past the last control leaves the page for the browser's own controls.
  if ((await focused.count()) === 0) return null;
  const ariaLabel = await focused.getAttribute('aria-label');
  if (ariaLabel !== null) return ariaLabel;
  const id = await focused.getAttribute('id');
  if (id !== null) {
    const label = on.locator(`label[for="${id}"]`);
    if ((await label.count()) > 0) return ((await label.textContent()) ?? '').trim();
  }
  return ((await focused.textContent()) ?? '').trim();
};

/** Presses Tab until the focused control has this name (keyboard only). */
const tabTo = async (name: string, on: Page = page): Promise<void> => {
  for (let i = 0; i < 60; i += 1) {
    await on.keyboard.press('Tab');
    if ((await focusedName(on)) === name) return;
  }
  throw new Error(`could not reach "${name}" with the Tab key`);
};

const lookingIn = () => page.locator('.folder-here');

describe('choosing the backup folder in the app', () => {
  it('goes into a folder, makes a new one and uses it, by keyboard, then backs up there', async () => {
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await page.getByRole('link', { name: 'Backups' }).click();
    await page.getByRole('heading', { name: 'Backups', level: 1 }).waitFor();
    await page.getByText('Backup folder: none chosen yet').waitFor();

    await tabTo('Choose a folder');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose a folder for your backups' }).waitFor();
    await expect.poll(() => lookingIn().textContent()).toBe(`Looking in: ${home}`);
    // Hidden folders are left out; the place to look in has taken focus.
    const folders = page.getByRole('list', { name: /^Folders in / });
    expect(await folders.getByRole('button').allTextContents()).toEqual(['Documents', 'Pictures']);
    expect(await page.locator(':focus').textContent()).toBe(`Looking in: ${home}`);
    await page.getByRole('navigation', { name: 'Places on this computer' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'backup-folder-01-chooser');

    await tabTo('Open Documents');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => lookingIn().textContent())
      .toBe(`Looking in: ${join(home, 'Documents')}`);
    await page.getByText('There are no folders in here.').waitFor();

    // A name that would hide the folder is refused, in words.
    await tabTo('New folder name');
    await page.keyboard.type('.backups');
    await page.keyboard.press('Enter');
    await page.getByText('not starting with a dot').waitFor();
    await page.getByLabel('New folder name').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Handover backups');
    await page.keyboard.press('Enter');
    const chosen = join(home, 'Documents', 'Handover backups');
    await expect.poll(() => lookingIn().textContent()).toBe(`Looking in: ${chosen}`);
    await expectAccessible(page);

    await tabTo('Use this folder');
    await page.keyboard.press('Enter');
    await page.getByText(`Backup folder: ${chosen}`).waitFor();
    await page.getByText('Save the backup settings to use it.').waitFor();
    // Focus is back on the button that opened the list.
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Choose another folder');

    await tabTo('Save backup settings');
    await page.keyboard.press('Enter');
    await page.getByText('Backup settings saved.').waitFor();
    expect((await desk.desk.handlers['backup.status']({})).folder).toBe(chosen);
    await tabTo('Back up now');
    await page.keyboard.press('Enter');
    await page.getByText('Backed up and checked.').waitFor();
    expect(readdirSync(chosen)).toEqual([expect.stringMatching(/^handover-backup-/)]);
    await expectAccessible(page);
    await screenshot(page, 'backup-folder-02-backed-up');
  });

  it('says plainly when Handover cannot write to the folder chosen, and keeps the old one', async (context) => {
    const locked = join(home, 'Locked stick');
    mkdirSync(locked);
    // As root (CI) only the immutable attribute stops a write; as anyone else a
    // read-only mode does. Written reason for the skip: some file systems
    // (tmpfs, overlay in containers) refuse chattr.
    const stopped =
      process.getuid?.() === 0
        ? spawnSync('chattr', ['+i', locked]).status === 0
        : spawnSync('chmod', ['500', locked]).status === 0;
    if (!stopped) {
      context.skip('this file system cannot make a folder unwritable for root');
      return;
    }
    const before = (await desk.desk.handlers['backup.status']({})).folder;
    await tabTo('Choose another folder');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose a folder for your backups' }).waitFor();
    await tabTo('Your home folder');
    await page.keyboard.press('Enter');
    await expect.poll(() => lookingIn().textContent()).toBe(`Looking in: ${home}`);
    await tabTo('Open Locked stick');
    await page.keyboard.press('Enter');
    await expect.poll(() => lookingIn().textContent()).toBe(`Looking in: ${locked}`);
    await tabTo('Use this folder');
    await page.keyboard.press('Enter');
    await tabTo('Save backup settings');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Handover cannot write to this folder. If it is a USB stick' })
      .waitFor();
    expect((await desk.desk.handlers['backup.status']({})).folder).toBe(before);
    await expectAccessible(page);
    spawnSync('chattr', ['-i', locked]);
    spawnSync('chmod', ['700', locked]);
  });

  it('restores the backup on a new computer, choosing it from the folder list', async () => {
    const { recoveryKey } = await desk.desk.handlers['keys.recoveryKey']({});
    if (recoveryKey === null) throw new Error('no recovery key to restore with');
    const chosen = join(home, 'Documents', 'Handover backups');
    const [backup] = readdirSync(chosen);
    if (backup === undefined) throw new Error('no backup made');
    const newComputer = await startWebDesk(net.server.url);
    const other = await (await browser.newContext()).newPage();
    try {
      await other.goto(newComputer.host.url);
      await other.getByLabel('Email address').fill('alice@northgate.test');
      await other.getByLabel('Password').fill(PASSWORD);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.getByRole('heading', { name: 'Protect the casework on this computer' }).waitFor();
      await other.getByText('Moving from another computer? Restore a backup').click();

      await tabTo('Choose the backup folder', other);
      await other.keyboard.press('Enter');
      await other.getByRole('heading', { name: 'Choose the backup to restore' }).waitFor();
      for (const name of ['Documents', 'Handover backups', backup]) {
        await tabTo(`Open ${name}`, other);
        await other.keyboard.press('Enter');
        await other.getByRole('heading', { name: new RegExp(`^Looking in: .*${name}$`) }).waitFor();
      }
      await expectAccessible(other);
      await tabTo('Use this folder', other);
      await other.keyboard.press('Enter');
      await expect
        .poll(() => other.getByLabel('Backup folder').inputValue())
        .toBe(join(chosen, backup));

      await other.getByLabel('Recovery key for the backup').fill(recoveryKey);
      await other.getByLabel('Passphrase for this computer').fill(PASSPHRASE);
      await other.getByRole('button', { name: 'Restore the backup' }).click();
      await other.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    } finally {
      await other.close();
      await newComputer.desk.handlers['session.signOut']({});
      await newComputer.close();
    }
  });

  it('uses the system folder window where the shell gives one (as in the desktop app)', async () => {
    // The Electron shell gives the desk its folder window; here a stand-in
    // answers as the window would when the adviser picks a folder.
    const picked = join(home, 'Pictures');
    const asked: (string | null)[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'handover-e2e-desk-'));
    const withWindow = await createDesk({
      dataDir,
      defaultServerUrl: net.server.url,
      deviceName: 'e2e',
      keychain: 'off',
      chooseFolder: (start) => {
        asked.push(start);
        return Promise.resolve(picked);
      },
    });
    const host = await startWebHost({
      desk: withWindow,
      // Where global-setup built it: read before this file moved HOME (and so the cache folder).
      rendererDir: RENDERER,
    });
    const other = await (await browser.newContext()).newPage();
    try {
      await signIn(other, host.url, 'bob@riverside.test');
      await other.getByRole('link', { name: 'Backups' }).click();
      await tabTo('Choose a folder', other);
      await other.keyboard.press('Enter');
      await other.getByText(`Backup folder: ${picked}`).waitFor();
      // No folder list: the system's window did the choosing.
      expect(await other.getByRole('heading', { name: /^Choose a folder/ }).count()).toBe(0);
      expect(asked).toEqual([null]);
      await expect.poll(() => other.locator(':focus').textContent()).toBe('Choose another folder');
      await tabTo('Save backup settings', other);
      await other.keyboard.press('Enter');
      await other.getByText('Backup settings saved.').waitFor();
      expect((await withWindow.handlers['backup.status']({})).folder).toBe(picked);
    } finally {
      await other.close();
      await withWindow.handlers['session.signOut']({});
      await host.close();
      await withWindow.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
