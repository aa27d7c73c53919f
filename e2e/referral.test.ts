import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';
import { addClient, SECOND, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * The foundation slice in a real browser: two advisers at two agencies, each
 * with their own desk and encrypted store, one real server on PGlite.
 * Adviser A's desk reaches the server through a proxy the test can cut.
 */

let net: TestNetwork;
let proxy: CuttableProxy;
let deskA: WebDesk;
let deskB: WebDesk;
let browser: Browser;
let contexts: BrowserContext[] = [];
let a: Page;
let b: Page;

const refer = async (page: Page, needs: string) => {
  await page.getByRole('link', { name: 'Refer to a service' }).click();
  await page.getByLabel('Search the directory').fill('food');
  await page.getByRole('button', { name: /Refer to this service: Emergency food parcels/ }).click();
  await page.getByLabel('What help the client needs').fill(needs);
  await page.getByLabel(/The client agrees to this referral/).check();
  await page.getByRole('button', { name: 'Send referral' }).click();
};

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
  deskA = await startWebDesk(proxy.url);
  deskB = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  contexts = [ctxA, ctxB];
  a = await ctxA.newPage();
  b = await ctxB.newPage();
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await deskA.close();
  await deskB.close();
  await proxy.close();
  await net.close();
});

describe('one referral from one agency’s desk to another’s', () => {
  it('signs both advisers in and creates their encrypted stores', async () => {
    await a.goto(deskA.host.url);
    await a.getByRole('heading', { name: 'Sign in to Handover' }).waitFor();
    await expectAccessible(a);
    await screenshot(a, '01-sign-in');
    await signIn(a, deskA.host.url, 'alice@northgate.test');
    await signIn(b, deskB.host.url, 'bob@riverside.test');
    await expect.poll(() => a.locator('.sync').textContent()).toContain('Connected');
    await expectAccessible(a);
  });

  it('A records a client, finds a service and sends a referral with consent', async () => {
    await addClient(a, 'Dana Example', 'NR1 3AB');
    await expectAccessible(a);
    await a.getByRole('link', { name: 'Refer to a service' }).click();
    // A paused service is shown as paused, with no way to refer to it.
    await a.getByLabel('Search the directory').fill('tenancy');
    await expect.poll(() => a.getByText(/Paused until .*Team at capacity/).count()).toBe(1);
    expect(
      await a.getByRole('button', { name: /Refer to this service: Tenancy support/ }).count(),
    ).toBe(0);
    await expectAccessible(a);
    await screenshot(a, '02-directory');
    await a.goBack();
    await a.getByRole('heading', { name: 'Dana Example' }).waitFor();

    // Sending without consent is refused on screen.
    await a.getByRole('link', { name: 'Refer to a service' }).click();
    await a.getByLabel('Search the directory').fill('food');
    await a.getByRole('button', { name: /Refer to this service: Emergency food parcels/ }).click();
    await a.getByLabel('What help the client needs').fill('No food until payday; two children.');
    await a.getByRole('button', { name: 'Send referral' }).click();
    await a.getByText('The client’s consent is needed before a referral is sent').first().waitFor();
    await expectAccessible(a);
    await screenshot(a, '03-consent-needed');
    await a.getByLabel(/The client agrees to this referral/).check();
    await a.getByRole('button', { name: 'Send referral' }).click();
    await a
      .getByRole('heading', { name: 'Referral: Dana Example to Riverside Foodbank' })
      .waitFor();
    await expect.poll(() => a.locator('.status-line').textContent()).toContain('Sent');
  });

  it('B sees it arrive in the inbox about a second later, with the shared details, and acknowledges', async () => {
    await b.getByRole('link', { name: /Referrals in/ }).click();
    await b.getByRole('link', { name: 'Dana Example' }).waitFor({ timeout: 5 * SECOND });
    await expect
      .poll(() =>
        b.locator('.main-nav a', { hasText: 'Referrals in' }).locator('.badge').textContent(),
      )
      .toContain('1');
    await expectAccessible(b);
    await screenshot(b, '04-inbox');
    await b.getByRole('link', { name: 'Dana Example' }).click();
    await b.getByText('No food until payday; two children.').waitFor();
    await b.getByText('07700 900123').waitFor();
    await expectAccessible(b);
    await b.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => b.locator('.status-line').textContent()).toContain('Acknowledged');
    await screenshot(b, '05-acknowledged');
  });

  it('A sees "acknowledged", when, by whom, and the next deadline', async () => {
    await expect
      .poll(() => a.locator('.status-line').textContent(), { timeout: 5 * SECOND })
      .toContain('Acknowledged');
    await a.getByText(/Acknowledged\s+by Bob Receiver \(Riverside Foodbank\)/).waitFor();
    await expect
      .poll(() => a.locator('.status-line').textContent())
      .toMatch(/Accept or act by \w{3},? \d{1,2} \w{3} \d{4}/);
    await expectAccessible(a);
    await screenshot(a, '06-referrer-sees-acknowledged');
  });

  it('A is offline, sends, comes back online, and B receives exactly one referral', async () => {
    proxy.cut();
    await expect
      .poll(() => a.locator('.sync').textContent(), { timeout: 10 * SECOND })
      .toContain('Offline');
    await a.getByRole('link', { name: 'Clients' }).click();
    await addClient(a, 'Eli Offline', 'NR2 4CD');
    await refer(a, 'Needs a food parcel this week.');
    await a.getByRole('heading', { name: 'Referral: Eli Offline to Riverside Foodbank' }).waitFor();
    await a
      .getByText('Waiting to send. It will go as soon as this computer can reach the network.')
      .waitFor();
    await expect.poll(() => a.locator('.sync').textContent()).toContain('1 waiting to send');
    await screenshot(a, '07-offline-waiting');
    await b.getByRole('link', { name: /Referrals in/ }).click();
    await b.waitForTimeout(1_000);
    expect(await b.getByRole('link', { name: 'Eli Offline' }).count()).toBe(0);

    proxy.restore();
    await expect
      .poll(() => a.locator('.status-line').textContent(), { timeout: 10 * SECOND })
      .toContain('Sent');
    await b.getByRole('link', { name: 'Eli Offline' }).waitFor({ timeout: 10 * SECOND });
    await b.waitForTimeout(1_000);
    expect(await b.getByRole('link', { name: 'Eli Offline' }).count()).toBe(1);
    expect(await b.getByRole('row').count()).toBe(3); // header + two referrals
    await screenshot(b, '08-exactly-one');
  });
});
