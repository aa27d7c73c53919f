import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { addService } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * The public directory in a real browser with JavaScript turned off, on a
 * phone-sized screen: a member of the public finds a service and asks it for
 * help; the receiving adviser sees the request arrive in their desk's inbox.
 */
const PASSPHRASE = 'river boat lantern seven';

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let contexts: BrowserContext[] = [];
let phone: Page;
let checker: Page;
let adviser: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  await addService(net.server.db, {
    organisationId: net.organisations.foodbank.id,
    name: 'Community kitchen',
    description: 'A hot meal and a food parcel, no referral needed.',
    issues: ['food-support'],
    acceptsSelfReferral: true,
    phone: '01603 000111',
  });
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  const publicCtx = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 375, height: 740 },
    isMobile: true,
  });
  // axe runs as a script, so it checks a copy of each page in a twin with
  // JavaScript on (same size): the public pages have no scripts of their own.
  const checkerCtx = await browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
  });
  const adviserCtx = await browser.newContext();
  contexts = [publicCtx, checkerCtx, adviserCtx];
  phone = await publicCtx.newPage();
  checker = await checkerCtx.newPage();
  adviser = await adviserCtx.newPage();
});

/** The phone's page as it stands, checked by axe in the twin; and no sideways scrolling. */
const checkPhone = async () => {
  const markup = await phone.content();
  await checker.goto(phone.url().split('?')[0] ?? phone.url());
  await checker.setContent(markup);
  await expectAccessible(checker);
  expect(await checker.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
    true,
  );
};

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await desk.close();
  await net.close();
});

describe('a member of the public asks a service for help', () => {
  it('finds the service on the public pages, without JavaScript, on a phone', async () => {
    await phone.goto(`${net.server.url}/directory`);
    await phone.getByRole('heading', { name: 'Find help near you' }).waitFor();
    await checkPhone();
    await phone.getByLabel('What do you need help with?').fill('hot meal');
    await phone.getByRole('button', { name: 'Search' }).click();
    await phone.getByRole('heading', { name: '1 service found' }).waitFor();
    await checkPhone();
    await screenshot(phone, 'public-01-search');
    await phone.getByRole('link', { name: 'Community kitchen' }).click();
    await phone.getByRole('heading', { name: 'Community kitchen' }).waitFor();
    await checkPhone();
  });

  it('sends a self-referral, with problems explained first', async () => {
    await phone.getByRole('link', { name: 'Ask Riverside Foodbank to contact you' }).click();
    await phone.getByRole('heading', { name: 'Ask Riverside Foodbank to contact you' }).waitFor();
    await checkPhone();
    await phone.getByLabel('Your name').fill('Pat Public');
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await phone.getByText('Say briefly what you need help with').first().waitFor();
    await checkPhone();
    await screenshot(phone, 'public-02-problems');
    await phone.getByLabel('Phone number').fill('07700 900456');
    await phone.getByLabel('Postcode (optional)').fill('NR3 1AB');
    await phone
      .getByLabel('What do you need help with?')
      .fill('No food until Friday, two children.');
    await phone.getByLabel(/I agree that Riverside Foodbank may keep these details/).check();
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('heading', { name: 'Your request has been sent' }).waitFor();
    await checkPhone();
    await screenshot(phone, 'public-03-sent');
  });

  it('the receiving adviser sees it arrive in their inbox as a self-referral', async () => {
    await adviser.goto(desk.host.url);
    await adviser.getByLabel('Email address').fill('bob@riverside.test');
    await adviser.getByLabel('Password').fill(PASSWORD);
    await adviser.getByRole('button', { name: 'Sign in' }).click();
    await adviser.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await adviser.getByLabel('Passphrase again').fill(PASSPHRASE);
    await adviser.getByRole('button', { name: 'Protect and continue' }).click();
    await adviser.getByRole('link', { name: /Referrals in/ }).click();
    await adviser.getByRole('link', { name: 'Pat Public' }).waitFor({ timeout: 10_000 });
    await adviser
      .getByText(/Self-referral \(member of the public\)/)
      .first()
      .waitFor();
    await expectAccessible(adviser);
    await adviser.getByRole('link', { name: 'Pat Public' }).click();
    await adviser.getByText('No food until Friday, two children.').waitFor();
    await adviser.getByText('07700 900456').waitFor();
    await expectAccessible(adviser);
    await screenshot(adviser, 'public-04-inbox');
  });
});
