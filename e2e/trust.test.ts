import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { launchBrowser } from '#test/browser.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * What a new user and an attacker tripped on (#12), in the real app: the
 * passphrase page's promise of the recovery key "next"; a second person
 * signing in in the same window; the coordinator's menu and casework
 * prompts; and a coordinator's password reset for an agency's adviser,
 * which must never show them a code (this network sends no email).
 */
const PASSPHRASE = 'river boat lantern seven';
const CODE_LIKE = /[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}/;

let net: TestNetwork;
let desk: WebDesk;
let coordinatorDesk: WebDesk;
let browser: Browser;
const contexts: BrowserContext[] = [];
let page: Page;
let coordinator: Page;

const signIn = async (p: Page, email: string) => {
  await p.getByLabel('Email address').fill(email);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
};
const protect = async (p: Page) => {
  await p.getByRole('heading', { name: 'Protect the casework on this computer' }).waitFor();
  await p.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await p.getByLabel('Passphrase again').fill(PASSPHRASE);
  await p.getByRole('button', { name: 'Protect and continue' }).click();
};
const signOut = async (p: Page) => {
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.getByRole('heading', { name: 'Sign in to Handover' }).waitFor();
};
/** The page is no wider than the window: nothing to scroll sideways. */
const sideways = async (p: Page): Promise<number> =>
  Number(
    await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );

beforeAll(async () => {
  net = await startTestNetwork();
  const { db } = net.server;
  await createUser(db, {
    email: 'lena@northgate.test',
    name: 'Lena Lead',
    role: 'lead',
    organisationId: net.organisations.advice.id,
    password: PASSWORD,
  });
  await createUser(db, {
    email: 'co@network.test',
    name: 'Sam Coordinator',
    role: 'coordinator',
    organisationId: null,
    password: PASSWORD,
  });
  await acceptAllAgreements(db);
  desk = await startWebDesk(net.server.url);
  coordinatorDesk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  for (const _ of [0, 1]) {
    contexts.push(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  }
  const [one, two] = contexts;
  if (one === undefined || two === undefined) throw new Error('no browser contexts');
  page = await one.newPage();
  coordinator = await two.newPage();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
  await desk.close();
  await coordinatorDesk.close();
  await net.close();
});

describe('a new user, and a second person in the same window', () => {
  it('shows the recovery key right after the passphrase, as the page promises', async () => {
    await page.goto(desk.host.url);
    await signIn(page, 'alice@northgate.test');
    await page.getByText('the recovery key Handover gives you next').waitFor();
    await protect(page);
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    expect(await page.locator('.recovery-key').textContent()).toMatch(/\S/);
    await expectAccessible(page);
    await screenshot(page, 'trust-01-recovery-key-next');
    await signOut(page);
  });

  it('someone signing in after a lead on a lead-only page lands on their own start page', async () => {
    await signIn(page, 'lena@northgate.test');
    await protect(page);
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    // A page only the agency's lead may use: changing one of its services.
    await page.evaluate(`window.location.hash = '#/directory/edit/${net.services.debtAdvice.id}'`);
    await page.getByRole('heading', { name: 'Change the details of Debt advice' }).waitFor();
    await signOut(page);

    await signIn(page, 'alice@northgate.test');
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    expect(await page.getByText('not allowed').count()).toBe(0);
    expect(new URL(page.url()).hash).not.toContain('/directory/edit/');
    await expectAccessible(page);
    await signOut(page);
  });
});

describe('the coordinator', () => {
  it('gets no casework prompts and a menu that fits, at 1280 and 1024 px', async () => {
    await coordinator.goto(coordinatorDesk.host.url);
    await signIn(coordinator, 'co@network.test');
    // No passphrase for casework they do not hold, and no recovery key to save.
    await coordinator.getByRole('heading', { name: 'Organisations in the network' }).waitFor();
    expect(await coordinator.getByText('Protect the casework').count()).toBe(0);
    expect(await coordinator.getByText('Save your recovery key').count()).toBe(0);
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    for (const width of [1280, 1024]) {
      await coordinator.setViewportSize({ width, height: 800 });
      expect(await sideways(coordinator)).toBeLessThanOrEqual(0);
      // The menu is a column beside the page, every screen in it.
      const menu = await nav.boundingBox();
      const main = await coordinator.locator('main').boundingBox();
      expect(menu !== null && main !== null && menu.x + menu.width <= main.x + 1).toBe(true);
      for (const name of ['Organisations', 'Audit log', 'Two-factor rule', 'Account']) {
        expect(await nav.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
      }
    }
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'trust-02-coordinator-menu-1024');
    await coordinator.setViewportSize({ width: 1280, height: 800 });
  });

  it('asks for an adviser’s password reset and is never shown a code; the lead is', async () => {
    await coordinator
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Account' })
      .click();
    await coordinator.getByRole('heading', { name: 'Accounts in the network' }).waitFor();
    // The desk offers only what the rule allows: to ask, not to be given the code.
    expect(
      await coordinator.getByRole('button', { name: 'Reset password for Alice Adviser' }).count(),
    ).toBe(0);
    await coordinator
      .getByRole('button', { name: 'Ask for a password reset for Alice Adviser' })
      .click();
    await coordinator.getByText(/agency lead has been asked to make the reset code/).waitFor();
    expect((await coordinator.locator('body').textContent()) ?? '').not.toMatch(CODE_LIKE);
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'trust-03-coordinator-asked');

    // The lead finds the request on their desk, and makes the code to pass on.
    await signIn(page, 'lena@northgate.test');
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const notices = page.getByRole('region', { name: 'Account notices' });
    await notices
      .getByText('Sam Coordinator asked for a password reset for Alice Adviser', { exact: false })
      .waitFor();
    await expectAccessible(page);
    await notices.getByRole('link', { name: 'Go to your agency’s accounts' }).click();
    await page.getByRole('button', { name: 'Reset password for Alice Adviser' }).click();
    await page.getByText(/Give this password-reset code to Alice Adviser privately/).waitFor();
    expect(await page.locator('#staff ~ .notice .code strong').textContent()).toMatch(CODE_LIKE);
    await signOut(page);

    // The adviser is told, on their desk.
    await signIn(page, 'alice@northgate.test');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page
      .getByRole('region', { name: 'Account notices' })
      .getByText('Lena Lead made a password reset for your account', { exact: false })
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'trust-04-adviser-told');
  });
});
