import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { agencyContacts } from '#server/email/deliver.ts';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork, type TestNetwork } from '#test/network.ts';
import { acceptTestAgreements, addTestUser } from '#test/users.ts';
import { expectAccessible, screenshot, startWebDesk, type WebDesk } from '#e2e/support.ts';
import {
  addClient,
  expectStatus,
  openReferral,
  referForFood,
  SECOND,
  signIn,
} from '#e2e/advisers.ts';

/**
 * The receiving agency's inbox in real browsers: Alice at Northgate refers;
 * Bob and Dan, colleagues at Riverside Foodbank, race to acknowledge and to
 * take the referral (the server decides; the loser's screen says what
 * happened); Dan accepts it and his desk starts the client and a case.
 */
let net: TestNetwork;
const desks: WebDesk[] = [];
let browser: Browser;
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;
let dan: Page;

const open = async (email: string): Promise<Page> => {
  const desk = await startWebDesk(net.server.url);
  desks.push(desk);
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, desk.host.url, email);
  return page;
};

beforeAll(async () => {
  net = await startTestNetwork();
  await addTestUser(net.server.db, {
    email: 'dan@riverside.test',
    name: 'Dan Colleague',
    role: 'adviser',
    organisationId: net.organisations.foodbank.id,
  });
  await addTestUser(net.server.db, {
    email: 'rita@riverside.test',
    name: 'Rita Lead',
    role: 'lead',
    organisationId: net.organisations.foodbank.id,
  });
  await acceptTestAgreements(net.server.db);
  browser = await launchBrowser();
  alice = await open('alice@northgate.test');
  bob = await open('bob@riverside.test');
  dan = await open('dan@riverside.test');
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  for (const desk of desks) await desk.close();
  await net.close();
});

const handling = (page: Page) =>
  page.locator('section[aria-labelledby="inbox-heading"] > p').first().textContent();
const alertText = (page: Page) => page.getByRole('alert').allTextContents();

/**
 * Bob and Dan press the same button at the same moment. Both buttons are
 * found first, then pressed together without Playwright's waits, so neither
 * desk can hear of the other's action before its own click.
 */
const atOnce = async (name: string): Promise<void> => {
  const buttons = [bob, dan].map((page) => page.getByRole('button', { name, exact: true }));
  for (const button of buttons) await button.waitFor();
  // dispatchEvent clicks at once, with no waiting for the button to be visible or stable.
  await Promise.all(buttons.map((button) => button.dispatchEvent('click')));
};

describe('two colleagues at the receiving agency', () => {
  it('race to acknowledge and to take a referral; the one who lost is told in plain words', async () => {
    await addClient(alice, 'Tess Inbox', 'NR1 3AB');
    await referForFood(alice, 'Tess Inbox', 'Food for two this week.');
    await openReferral(bob, 'in', 'Tess Inbox');
    await openReferral(dan, 'in', 'Tess Inbox');
    // The inbox says nobody has it yet.
    await bob.getByRole('link', { name: /Referrals in/ }).click();
    await expect
      .poll(() => bob.getByRole('row', { name: /Tess Inbox/ }).textContent())
      .toContain('Not taken yet');
    await expectAccessible(bob);
    await bob.getByRole('link', { name: 'Tess Inbox', exact: true }).click();
    await expect.poll(() => handling(bob)).toBe('Not taken yet');

    // Both press Acknowledge at the same moment.
    await atOnce('Acknowledge');
    await expectStatus(bob, 'Acknowledged');
    await expectStatus(dan, 'Acknowledged');
    const explained = async () => [...(await alertText(bob)), ...(await alertText(dan))].join(' ');
    await expect
      .poll(explained, { timeout: 10 * SECOND })
      .toMatch(
        /(Bob Receiver|Dan Colleague) at Riverside Foodbank acknowledged this referral at .*, before your action reached the network, so yours was not applied\./,
      );
    const lostAck = (await alertText(bob)).length > 0 ? bob : dan;
    await expectAccessible(lostAck);
    await screenshot(lostAck, 'inbox-01-acknowledge-race-explained');

    // Both press "Take this referral" at the same moment.
    await atOnce('Take this referral');
    await expect
      .poll(explained, { timeout: 10 * SECOND })
      .toMatch(
        /(Bob Receiver|Dan Colleague) at Riverside Foodbank took this referral to handle themselves at .*, before your action reached the network/,
      );
    // The one told their action was not applied lost; each screen catches up on its own time.
    const bobLost = (await alertText(bob)).some((t) => t.includes('took this referral'));
    const winner = bobLost ? dan : bob;
    const loser = bobLost ? bob : dan;
    const holderName = winner === bob ? 'Bob Receiver' : 'Dan Colleague';
    // The winner reads "You"; the loser reads the winner's name.
    await expect.poll(() => handling(winner), { timeout: 10 * SECOND }).toBe('You');
    await expect.poll(() => handling(loser), { timeout: 10 * SECOND }).toBe(holderName);
    await expectAccessible(loser);
    await screenshot(loser, 'inbox-02-claim-race-explained');
    // Nobody is offered to take it now that it is held.
    expect(await loser.getByRole('button', { name: 'Take this referral' }).count()).toBe(0);

    // The referrer sees who is handling it.
    await openReferral(alice, 'out', 'Tess Inbox');
    await alice.getByText(`Handled at Riverside Foodbank by ${holderName}.`).waitFor();

    // The holder gives it to the colleague, who sees it as theirs.
    await winner.getByRole('button', { name: 'Give to a colleague' }).click();
    const other = winner === bob ? 'Dan Colleague' : 'Bob Receiver';
    await winner.getByLabel('Colleague').selectOption({ label: other });
    await expectAccessible(winner);
    await winner.getByRole('button', { name: 'Give the referral' }).click();
    await expect.poll(() => handling(loser), { timeout: 10 * SECOND }).toMatch(/^You \(given by/);
  });

  it('accepting starts the client and a case on the adviser’s desk, typed by nobody', async () => {
    await addClient(alice, 'Uma Newcase', 'NR2 4CD');
    await referForFood(alice, 'Uma Newcase', 'Food parcel; no cooker.');
    await openReferral(dan, 'in', 'Uma Newcase');
    await dan.getByRole('button', { name: 'Take this referral' }).click();
    await expect.poll(() => handling(dan)).toBe('You');
    await dan.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(dan, 'Acknowledged');
    await dan.getByRole('button', { name: 'Accept', exact: true }).click();
    await expectStatus(dan, 'Accepted');
    await dan.getByText('A case was started on your desk from this referral').waitFor();
    await expectAccessible(dan);
    await screenshot(dan, 'inbox-03-accepted-case-started');
    await dan.getByRole('link', { name: 'open the case' }).click();
    await dan
      .getByRole('heading', { name: /^Case HC-(?:[A-Z]{1,3}-)?\d{4}-\d{4}: Uma Newcase$/ })
      .waitFor();
    await expectAccessible(dan);
    // The client was made from what the referral shared.
    await dan.getByRole('link', { name: 'Clients', exact: true }).click();
    await dan.getByRole('link', { name: 'Uma Newcase' }).click();
    await dan.getByRole('heading', { name: 'Uma Newcase' }).waitFor();
    await expect.poll(() => dan.locator('main').textContent()).toContain('NR2 4CD');
  });

  it('offers to link a second referral of the same person instead of a duplicate', async () => {
    await alice.getByRole('link', { name: 'Clients', exact: true }).click();
    await alice.getByRole('link', { name: 'Uma Newcase' }).click();
    await referForFood(alice, 'Uma Newcase', 'Another parcel next week.');
    await dan.getByRole('link', { name: /Referrals in/ }).click();
    // The newest referral is listed first.
    await dan.getByRole('link', { name: 'Uma Newcase', exact: true }).first().click();
    await dan.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(dan, 'Acknowledged');
    await dan.getByRole('button', { name: 'Accept', exact: true }).click();
    await dan.getByRole('group', { name: 'Is this someone already on your desk?' }).waitFor();
    await expectAccessible(dan);
    await screenshot(dan, 'inbox-04-link-to-existing-client');
    await dan.getByLabel(/Yes, the same person: Uma Newcase, born/).check();
    await dan.getByRole('button', { name: 'Accept the referral' }).click();
    await expectStatus(dan, 'Accepted');
    await dan.getByRole('link', { name: 'see the client' }).click();
    await dan.getByRole('heading', { name: 'Uma Newcase' }).waitFor();
    await dan.getByRole('link', { name: 'Clients', exact: true }).click();
    await expect.poll(() => dan.getByRole('link', { name: 'Uma Newcase' }).count()).toBe(1);
  });

  it('lets the lead choose where new-referral emails go', async () => {
    const rita = await open('rita@riverside.test');
    await rita.getByRole('link', { name: /Referrals in/ }).click();
    await rita
      .getByText('The network emails your agency’s leads when a referral arrives.', {
        exact: false,
      })
      .waitFor({ timeout: 10 * SECOND });
    await rita.getByRole('button', { name: 'Change where they go' }).click();
    await rita.getByLabel('Email address for new referrals').fill('not an address');
    await rita.getByRole('button', { name: 'Save', exact: true }).click();
    await rita.getByText('Enter an email address like intake@example.org').first().waitFor();
    await expectAccessible(rita);
    await rita.getByLabel('Email address for new referrals').fill('intake@riverside.example');
    await rita.getByRole('button', { name: 'Save', exact: true }).click();
    await rita
      .getByText('The network emails intake@riverside.example when a referral arrives.', {
        exact: false,
      })
      .waitFor();
    await expectAccessible(rita);
    await screenshot(rita, 'inbox-05-lead-sets-email-contact');
    // The server's mailer reads the same address.
    expect(await agencyContacts(net.server.db, net.organisations.foodbank.id)).toEqual([
      'intake@riverside.example',
    ]);
    // Advisers are not offered the setting.
    await dan.getByRole('link', { name: /Referrals in/ }).click();
    await dan.getByRole('heading', { name: 'Referrals to your agency' }).waitFor();
    expect(await dan.getByRole('button', { name: 'Change where they go' }).count()).toBe(0);
  });
});
