import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { addOrganisation, addService, addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { expectStatus, openReferral, SECOND, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Receiving, honestly, in a real browser: the foodbank's lead pauses a
 * service until a date from their desk; an adviser at another agency sees it
 * paused, why and until when, and the services that can take the client instead.
 */

let net: TestNetwork;
let leadDesk: WebDesk;
let adviserDesk: WebDesk;
let browser: Browser;
let contexts: BrowserContext[] = [];
let lead: Page;
let adviser: Page;

const findService = async (page: Page, text: string) => {
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('heading', { name: 'Service directory' }).waitFor();
  await page.getByLabel('Search the directory').fill(text);
};

beforeAll(async () => {
  net = await startTestNetwork();
  const { db } = net.server;
  await addUser(db, {
    email: 'fran@riverside.test',
    name: 'Fran Lead',
    role: 'lead',
    organisationId: net.organisations.foodbank.id,
    password: PASSWORD,
  });
  const church = await addOrganisation(db, {
    name: 'St Mark’s Community Pantry',
    nation: 'england-and-wales',
  });
  await addService(db, {
    organisationId: church.id,
    name: 'Community pantry',
    description: 'Low-cost groceries for members, Tuesdays and Fridays.',
    issues: ['food-support'],
  });
  await addService(db, {
    organisationId: church.id,
    name: 'Youth food club',
    description: 'Cooking and a hot meal for young people.',
    issues: ['food-support'],
    areas: ['NR1', 'NR2'],
    details: { minimum_age: 16, maximum_age: 25 },
  });
  await addUser(db, {
    email: 'pat@stmarks.test',
    name: 'Pat Pantry',
    role: 'adviser',
    organisationId: church.id,
    password: PASSWORD,
  });
  await acceptAllAgreements(db);
  leadDesk = await startWebDesk(net.server.url);
  adviserDesk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  const [ctxLead, ctxAdviser] = [await browser.newContext(), await browser.newContext()];
  contexts = [ctxLead, ctxAdviser];
  lead = await ctxLead.newPage();
  adviser = await ctxAdviser.newPage();
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await leadDesk.close();
  await adviserDesk.close();
  await net.close();
});

describe('a lead pauses a service; an adviser sees it and the alternatives', () => {
  it('the lead pauses their service until a date, with a reason, in two steps', async () => {
    await signIn(lead, leadDesk.host.url, 'fran@riverside.test');
    await findService(lead, 'parcels');
    await lead.getByRole('link', { name: 'Emergency food parcels' }).click();
    await lead.getByRole('heading', { name: 'Emergency food parcels' }).waitFor();
    await lead.getByText('Taking referrals', { exact: true }).first().waitFor();
    await expectAccessible(lead);

    // A pause without its return date is explained, not sent.
    await lead.getByLabel('Paused until a date').check();
    await lead.getByRole('button', { name: 'Save' }).click();
    await lead
      .getByText('Choose the date the service starts taking referrals again')
      .first()
      .waitFor();
    await expectAccessible(lead);

    await lead.getByLabel('Paused until', { exact: true }).fill('2099-02-01');
    await lead.getByLabel('Why (shown to advisers)').fill('Stock is low until the harvest appeal');
    await lead.getByLabel('Room for new clients').selectOption('no-capacity');
    await lead.getByRole('button', { name: 'Save' }).click();
    await lead.getByText('Saved. Every desk in the network now sees it.').waitFor();
    await lead
      .getByText(/Paused until Sun,? 1 Feb 2099: Stock is low until the harvest appeal/)
      .waitFor();
    await expectAccessible(lead);
    await screenshot(lead, 'directory-01-lead-paused');
  });

  it('an adviser at another agency sees the pause, cannot refer, and is shown who can instead', async () => {
    await signIn(adviser, adviserDesk.host.url, 'alice@northgate.test');
    await findService(adviser, 'food');
    await expect
      .poll(() => adviser.getByText(/Paused until Sun,? 1 Feb 2099: Stock is low/).count(), {
        timeout: 5 * SECOND,
      })
      .toBe(1);
    await expectAccessible(adviser);
    await adviser
      .getByRole('link', { name: 'Who can take referrals instead of Emergency food parcels' })
      .click();
    await adviser
      .getByRole('heading', { name: 'Services that can take referrals instead' })
      .waitFor();
    await adviser.getByRole('link', { name: 'Community pantry' }).waitFor();
    // Advisers see the service, but not the lead's controls.
    expect(await adviser.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await expectAccessible(adviser);
    await screenshot(adviser, 'directory-02-adviser-alternatives');

    // From a client, the paused service offers no way to refer.
    await adviser.getByRole('link', { name: 'Clients' }).click();
    await adviser.getByRole('link', { name: 'Add a client' }).click();
    await adviser.getByLabel('Full name').fill('Dana Example');
    await adviser.getByLabel('Date of birth').fill('1984-03-02');
    await adviser.getByLabel('Postcode').fill('NR5 1AA');
    await adviser.getByRole('button', { name: 'Save client' }).click();
    await adviser.getByRole('heading', { name: 'Dana Example' }).waitFor();
    await adviser.getByRole('link', { name: 'Refer to a service' }).click();
    await adviser.getByLabel('Search the directory').fill('food');
    await adviser
      .getByRole('button', { name: /Refer to this service: Community pantry/ })
      .waitFor();
    expect(
      await adviser
        .getByRole('button', { name: /Refer to this service: Emergency food parcels/ })
        .count(),
    ).toBe(0);
    // Matched against Dana (42, NR5): the youth club is marked with the rules that exclude her.
    await adviser.getByText(/For ages 16 to 25; the client is \d+\./).waitFor();
    await adviser.getByText('Only for NR1, NR2; the client lives in NR5.').waitFor();
    expect(
      await adviser.getByRole('button', { name: /Refer to this service: Youth food club/ }).count(),
    ).toBe(0);
    // The paused service names who can take Dana instead: not the club she is excluded from.
    await adviser
      .getByRole('button', { name: /Refer to this service instead: Community pantry/ })
      .waitFor();
    expect(
      await adviser
        .getByRole('button', { name: /Refer to this service instead: Youth food club/ })
        .count(),
    ).toBe(0);
    await expectAccessible(adviser);
    await screenshot(adviser, 'directory-03-eligibility');

    // Alice's own agency's service is marked, and offered for no referral (#12).
    await adviser.getByLabel('Search the directory').fill('debt');
    const own = adviser.locator('li.service', {
      has: adviser.getByRole('link', { name: 'Debt advice', exact: true }),
    });
    await own.locator('.org').filter({ hasText: 'Northgate Advice Centre Your agency' }).waitFor();
    await own.getByText('This is your own agency’s service').waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    await expectAccessible(adviser);
  });

  it('filters the directory: typo-tolerant words, area, age and who takes referrals now', async () => {
    await findService(adviser, 'yuoth fod');
    await adviser.getByLabel('Search the directory').fill('yuoth');
    await adviser.getByRole('link', { name: 'Youth food club' }).waitFor();
    await adviser.getByLabel('Search the directory').fill('food');
    await adviser.getByLabel('Age').fill('40');
    await expect.poll(() => adviser.getByRole('link', { name: 'Youth food club' }).count()).toBe(0);
    await adviser.getByLabel('Age').fill('');
    await adviser.getByLabel('Taking referrals now').check();
    await expect
      .poll(() => adviser.getByRole('link', { name: 'Emergency food parcels' }).count())
      .toBe(0);
    await adviser.getByLabel('Area (postcode district)').fill('12AB');
    await adviser.getByText('Enter a postcode district such as NR1').waitFor();
    await expectAccessible(adviser);
    await adviser.getByLabel('Area (postcode district)').fill('nr1 3ab');
    await adviser.getByRole('link', { name: 'Youth food club' }).waitFor();
    await expectAccessible(adviser);
  });

  it('an adviser refers a client the rules exclude, only with a reason; the receiver reads it', async () => {
    await adviser.getByRole('link', { name: 'Clients', exact: true }).click();
    await adviser.getByRole('link', { name: 'Dana Example' }).click();
    await adviser.getByRole('heading', { name: 'Dana Example' }).waitFor();
    await adviser.getByRole('link', { name: 'Refer to a service' }).click();
    await adviser.getByLabel('Search the directory').fill('youth');
    await adviser
      .getByRole('button', { name: /Refer to this service anyway, with a reason: Youth food club/ })
      .click();
    await adviser.getByRole('heading', { name: 'The client may not be eligible' }).waitFor();
    await adviser.getByText('Only for NR1, NR2; the client lives in NR5.').waitFor();
    await adviser.getByLabel('What help the client needs').fill('A hot meal twice a week.');
    await adviser.getByLabel(/The client agrees to this referral/).check();
    // Without a reason it is explained, not sent.
    await adviser.getByRole('button', { name: 'Send referral' }).click();
    await adviser.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await adviser
      .getByText(/Say why this referral should go ahead although the client does not meet/)
      .first()
      .waitFor();
    await expectAccessible(adviser);
    await screenshot(adviser, 'directory-04-refer-anyway');
    await adviser.getByLabel('Why refer anyway').fill('Care leaver; their team agreed by phone');
    await adviser.getByRole('button', { name: 'Send referral' }).click();
    await adviser
      .getByRole('heading', { name: 'Referral: Dana Example to St Mark’s Community Pantry' })
      .waitFor();
    await expectStatus(adviser, 'Sent');
    await adviser
      .getByText(/The referrer’s reason: Care leaver; their team agreed by phone/)
      .waitFor();

    // The pantry's adviser reads the rules it overrides and the reason.
    await lead.getByRole('button', { name: 'Sign out' }).click();
    await signIn(lead, leadDesk.host.url, 'pat@stmarks.test');
    await openReferral(lead, 'in', 'Dana Example');
    await lead
      .getByText(
        /Sent although the client does not meet the service’s rules \(age range, area served\)/,
      )
      .waitFor();
    await lead
      .getByText(/The referrer’s reason: Care leaver; their team agreed by phone/)
      .waitFor();
    await expectAccessible(lead);
    await screenshot(lead, 'directory-05-receiver-reads-reason');
  });
});
