import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';
import { SECOND, addClient, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Erasing a client with a referral not yet sent (#5), in the browser: the
 * desk is offline, the adviser refers two clients, then erases one. The
 * confirmation warns that the unsent referral will be cancelled; once the
 * desk is back online the server receives only the other client's referral.
 */
let net: TestNetwork;
let proxy: CuttableProxy;
let desk: WebDesk;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
  desk = await startWebDesk(proxy.url);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser.close();
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await proxy.close();
  await net.close();
});

/** From the client's page, while offline: the referral waits to be sent. */
const referOffline = async (client: string): Promise<void> => {
  await page.getByRole('link', { name: 'Refer to a service' }).click();
  await page.getByLabel('Search the directory').fill('food');
  await page.getByRole('button', { name: /Refer to this service: Emergency food parcels/ }).click();
  await page.getByLabel('What help the client needs').fill(`${client} has no food until payday`);
  await page.getByLabel(/The client agrees to this referral/).check();
  await page.getByRole('button', { name: 'Send referral' }).click();
  await page.getByRole('heading', { name: `Referral: ${client} to Riverside Foodbank` }).waitFor();
  await page
    .getByText('Waiting to send. It will go as soon as this computer can reach the network.')
    .waitFor();
};

const openClient = async (name: string): Promise<void> => {
  await page.getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByLabel('Find a client').fill(name);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
};

describe('erasing a client with a referral not yet sent', () => {
  it('warns first, cancels it, and the network never receives it', async () => {
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await addClient(page, 'Ottoline Vexworthy', 'NR1 1AA');
    await addClient(page, 'Una Untouched', 'NR2 2BB');

    proxy.cut();
    await expect
      .poll(() => page.locator('.sync').textContent(), { timeout: 10 * SECOND })
      .toContain('Offline');
    await referOffline('Una Untouched');
    await openClient('Ottoline Vexworthy');
    await referOffline('Ottoline Vexworthy');
    await expect.poll(() => page.locator('.sync').textContent()).toContain('2 waiting to send');

    await openClient('Ottoline Vexworthy');
    await page.getByText('Erase Ottoline Vexworthy from this computer').click();
    await page.getByText('1 referral not yet sent will be cancelled.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'erasure-unsent-warning');
    await page.getByLabel('Type the client’s full name to confirm').fill('Ottoline Vexworthy');
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    // The client list says what the erasure did, without the person's name.
    await page
      .getByRole('status')
      .filter({ hasText: 'Not sent yet, so cancelled: 1 referral.' })
      .waitFor();
    await expectAccessible(page);
    await expect.poll(() => page.locator('.sync').textContent()).toContain('1 waiting to send');

    proxy.restore();
    await expect
      .poll(async () => (await desk.desk.handlers['sync.status']({})).waiting, {
        timeout: 15 * SECOND,
      })
      .toBe(0);
    const outgoing = await desk.desk.handlers['referrals.list']({ direction: 'outgoing' });
    expect(outgoing.map((r) => r.referral.payload.client.name)).toEqual(['Una Untouched']);
    // The network holds only the other client's referral.
    const onServer = await net.server.db.query<{ id: string }>('SELECT id FROM referrals');
    expect(onServer.map((r) => r.id)).toEqual(outgoing.map((r) => r.referral.id));
  });
});
