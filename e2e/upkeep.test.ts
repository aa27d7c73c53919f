import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { addUser } from '#test/directory.ts';
import { addLead } from '#test/lead.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { SECOND, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Keeping the directory true (#4) in a real browser: a lead is reminded that
 * their service is due for review, changes its details (explained when
 * something is wrong), confirms them, and adds a service that starts paused;
 * the coordinator sees what is due across the network and edits any service.
 */

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  // Leads accept the agreements before they change anything (#6).
  await addLead(net, 'fran@riverside.test', net.organisations.foodbank.id, 'Fran Lead');
  await addUser(net.server.db, {
    email: 'co@network.test',
    name: 'Sam Coordinator',
    role: 'coordinator',
    organisationId: null,
    password: PASSWORD,
  });
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await context.close();
  await browser.close();
  await desk.close();
  await net.close();
});

describe('a lead keeps their services true; the coordinator sees what is due', () => {
  it('reminds the lead, who changes the details and so reviews them', async () => {
    await signIn(page, desk.host.url, 'fran@riverside.test');
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.getByText('1 of your agency’s services is due for review.').waitFor();
    await page.getByRole('link', { name: 'Your agency’s services' }).click();
    await page.getByRole('heading', { name: 'Your agency’s services' }).waitFor();
    await page.getByText('Due for review', { exact: true }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Emergency food parcels' }).click();
    await page.getByRole('heading', { name: 'Keeping this record true' }).waitFor();
    await page.getByText(/Never checked\. Due for review/).waitFor();
    await page.getByRole('link', { name: 'Change the details' }).click();
    await page
      .getByRole('heading', { name: 'Change the details of Emergency food parcels' })
      .waitFor();
    await page.getByLabel('Name of the service').fill('');
    await page.getByLabel('Youngest age').fill('30');
    await page.getByLabel('Oldest age').fill('20');
    await page.getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByText('Enter the service’s name').first().waitFor();
    await page.getByText('The youngest age must not be above the oldest').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'upkeep-01-edit-problems');
    await page.getByLabel('Name of the service').fill('Emergency food parcels');
    await page.getByLabel('Youngest age').fill('');
    await page.getByLabel('Oldest age').fill('');
    await page.getByLabel('Cost').fill('Free');
    await page.getByLabel('Languages').fill('English, Polish');
    await page.getByLabel('Opening times').fill('Mon to Fri, 10:00 to 14:00');
    await page.getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('heading', { name: 'Emergency food parcels', exact: true }).waitFor();
    await page.getByText('Mon to Fri, 10:00 to 14:00').waitFor({ timeout: 10 * SECOND });
    await page.getByText('English, Polish').waitFor();
    await page.getByText(/^Last checked /).waitFor();
    expect(await page.getByText(/Due for review/).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'upkeep-02-edited');
  });

  it('confirms the details are still right', async () => {
    await page.getByRole('button', { name: 'The details are still right' }).click();
    await page.getByText('Confirmed: the details are marked as checked today.').waitFor();
    await expectAccessible(page);
  });

  it('changes the agency’s own details', async () => {
    await page.getByRole('link', { name: 'Riverside Foodbank' }).click();
    await page.getByRole('heading', { name: 'Change the agency’s details' }).waitFor();
    await page.getByLabel('About the agency').fill('Emergency food, run by volunteers.');
    await page.getByLabel('Website').fill('riverside');
    await page.getByRole('button', { name: 'Save the agency’s details' }).click();
    await page.getByText('Enter a web address starting with https://').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('Website').fill('https://riverside.example.org');
    await page.getByRole('button', { name: 'Save the agency’s details' }).click();
    await page.getByText('Saved. Every desk in the network now sees it.').waitFor();
    await page.getByRole('definition').getByText('Emergency food, run by volunteers.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'upkeep-03-agency-details');
  });

  it('adds a service, which starts paused', async () => {
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('link', { name: 'Your agency’s services' }).click();
    await page.getByText('No service is due for review.').waitFor();
    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.getByRole('heading', { name: 'Add a service' }).waitFor();
    await page.getByLabel('Name of the service').fill('Holiday hunger club');
    await page.getByLabel('What the service does').fill('Lunch and activities in school holidays.');
    await page.getByLabel('Food support').check();
    await page.getByLabel('Youngest age').fill('5');
    await page.getByLabel('Oldest age').fill('16');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page
      .getByRole('heading', { name: 'Holiday hunger club', exact: true })
      .waitFor({ timeout: 10 * SECOND });
    await page.getByText(/Paused: New service: not taking referrals yet/).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'upkeep-04-new-service');
  });

  it('the coordinator sees the services due for review and can change any', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill('co@network.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A coordinator holds no casework: no passphrase to choose (#12).
    // The desk stays on the page it showed (a service's): the coordinator's menu is there.
    await page.getByText('Sam Coordinator, network coordinator').waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reviews due' })
      .click();
    await page.getByRole('heading', { name: 'Services due for review' }).waitFor();
    await page.getByRole('link', { name: 'Debt advice' }).waitFor();
    await page.getByText('Northgate Advice Centre').waitFor();
    // Reviewed today: not listed.
    expect(await page.getByRole('link', { name: 'Emergency food parcels' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'upkeep-05-coordinator-reviews');
    await page.getByRole('link', { name: 'Debt advice' }).click();
    await page.getByRole('link', { name: 'Change the details' }).click();
    await page.getByLabel('Cost').fill('Free to anyone in the county');
    await page.getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('heading', { name: 'Debt advice', exact: true }).waitFor();
    await page.getByText('Free to anyone in the county').waitFor({ timeout: 10 * SECOND });
    await expectAccessible(page);
  });
});
