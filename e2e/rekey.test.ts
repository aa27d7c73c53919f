import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { addClient, PASSPHRASE, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Changing the store's key in a real browser (web mode): while the rekey's
 * worker is held after its copy (so the test, not the machine's speed,
 * decides how long the change lasts), the Security screen says what is
 * happening, and then the new recovery key is shown. Checked with axe
 * (WCAG 2.2 AA). That the desk answers other calls meanwhile is tested in
 * main/casework/rekey-desk.test.ts.
 */
const CLIENT = 'Rowan Rekeyworth';
const CHANGING = 'Changing the key — this can take a minute on a large caseload.';

let net: TestNetwork;
let browser: Browser;
let desk: WebDesk;
const hold = new SharedArrayBuffer(4);
let copied: () => void = () => undefined;
const copiedSignal = new Promise<void>((resolve) => {
  copied = resolve;
});

beforeAll(async () => {
  net = await startTestNetwork();
  browser = await launchBrowser();
  desk = await startWebDesk(net.server.url, {
    keychain: 'off',
    rekeyHooks: {
      holdAfterCopy: hold,
      onStep: (step) => {
        if (step === 'copied') copied();
      },
    },
  });
});
/** Lets the held worker go on to re-encrypt. */
const release = (): void => {
  const flag = new Int32Array(hold);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};

afterAll(async () => {
  // Never leave the worker held (a failed test would otherwise hang the sign-out).
  release();
  await browser.close();
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
});

describe('changing the key to the casework', () => {
  it('says the key is being changed, then shows the new recovery key', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await page.getByRole('link', { name: 'Show my recovery key' }).click();
    const first = (await page.locator('.recovery-key').textContent()) ?? '';
    await page.getByLabel('The last four characters of your recovery key').fill(first.slice(-4));
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await addClient(page, CLIENT, 'NG1 4AB');

    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Keeping your casework safe' }).waitFor();
    const section = page.getByRole('region', { name: 'Change the key to your casework' });
    await section.getByText('Change the key now').click();
    await section.getByLabel('Your passphrase').fill(PASSPHRASE);
    await section.getByRole('button', { name: 'Change the key' }).click();

    // The worker has copied the store and is held: the change is under way.
    await copiedSignal;
    await section.getByRole('status').filter({ hasText: CHANGING }).waitFor();
    await section.getByText('Keep Handover open.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'rekey-in-progress');
    // The desk itself answers meanwhile (the Security screen's own question).
    expect(await desk.desk.handlers['security.settings']({})).toMatchObject({ keyChanging: true });

    release();
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    const shown = (await page.locator('.recovery-key').textContent()) ?? '';
    expect(shown).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(shown).not.toBe(first);
    await expectAccessible(page);
    await page.getByLabel('The last four characters of your recovery key').fill(shown.slice(-4));
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByRole('link', { name: CLIENT }).waitFor();
  });
});
