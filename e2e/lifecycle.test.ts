import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createService } from '#server/admin/directory.ts';
import { launchBrowser } from '#test/browser.ts';
import { addTestUser } from '#test/users.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';
import {
  addClient,
  expectStatus,
  openReferral,
  referForFood,
  SECOND,
  signIn,
} from '#e2e/advisers.ts';

/**
 * Every step of a referral's life in a real browser, on both sides: Alice at
 * Northgate Advice Centre refers, Bob at Riverside Foodbank answers. Bob's
 * desk reaches the server through a proxy the test can cut, to make a race
 * the server must decide.
 */
let net: TestNetwork;
let proxy: CuttableProxy;
let deskA: WebDesk;
let deskB: WebDesk;
let browser: Browser;
let contexts: BrowserContext[] = [];
let a: Page;
let b: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  // A second food service, at the housing trust, to send a declined client on to.
  const pantry = await createService(net.server.db, {
    organisationId: net.organisations.housing.id,
    name: 'Community pantry',
    description: 'Free groceries twice a week for people on low incomes.',
    issues: ['food-support'],
  });
  if (!pantry.ok) throw new Error(pantry.reason);
  proxy = await startProxy(net.server.port);
  deskA = await startWebDesk(net.server.url);
  deskB = await startWebDesk(proxy.url);
  browser = await launchBrowser();
  const ctxA = await browser.newContext();
  // Alice has allowed notifications; record what the app asks the browser to show.
  await ctxA.grantPermissions(['notifications']);
  // Runs in the page, so written as page script rather than checked TypeScript.
  await ctxA.addInitScript({
    content: `{
      const Real = window.Notification;
      window.shownNotifications = [];
      window.Notification = class extends Real {
        constructor(title, options) {
          super(title, options);
          window.shownNotifications.push(title);
        }
      };
    }`,
  });
  const ctxB = await browser.newContext();
  contexts = [ctxA, ctxB];
  a = await ctxA.newPage();
  b = await ctxB.newPage();
  await signIn(a, deskA.host.url, 'alice@northgate.test');
  await signIn(b, deskB.host.url, 'bob@riverside.test');
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await deskA.close();
  await deskB.close();
  await proxy.close();
  await net.close();
});

/** Alice adds a client and refers them; Bob opens it from his inbox. */
const newReferral = async (client: string, needs: string) => {
  await addClient(a, client, 'NR1 3AB');
  await referForFood(a, client, needs);
  await openReferral(b, 'in', client);
};

const history = (page: Page) => page.locator('.timeline').textContent();

describe('the referral lifecycle on both desks', () => {
  it('declines with a coded reason; "another reason" needs words; the referrer sees why', async () => {
    await newReferral('Fay Decline', 'Food for a family of four this week.');
    await b.getByRole('button', { name: 'Decline' }).click();
    await b.getByRole('heading', { name: 'Decline this referral' }).waitFor();
    await b.getByLabel('Another reason').check();
    await b.getByRole('button', { name: 'Decline the referral' }).click();
    await b.getByText('Say why the referral is declined').first().waitFor();
    await expectAccessible(b);
    await screenshot(b, 'lifecycle-01-decline-needs-words');
    await b.getByLabel('No capacity at the moment').check();
    await b.getByLabel('More about why').fill('No deliveries until next Monday.');
    await b.getByRole('button', { name: 'Decline the referral' }).click();
    await expectStatus(b, 'Declined');
    // A final status offers nothing more to do, only notes.
    expect(await b.getByRole('button', { name: 'Accept' }).count()).toBe(0);

    await openReferral(a, 'out', 'Fay Decline');
    await expectStatus(a, 'Declined');
    await expect.poll(() => history(a)).toContain('Reason: No capacity at the moment');
    await expect.poll(() => history(a)).toContain('No deliveries until next Monday.');
    await expectAccessible(a);
    await screenshot(a, 'lifecycle-02-referrer-sees-decline');

    // The full form is one step away, prefilled, with consent asked afresh.
    await a.getByRole('link', { name: 'Send Fay Decline to another service' }).click();
    await a
      .getByRole('button', { name: 'Change the details, or choose from the whole directory' })
      .click();
    // The search starts where the declined referral was aimed: its issue, services taking referrals.
    expect(await a.getByLabel('Issue', { exact: true }).inputValue()).toBe('food-support');
    expect(await a.getByLabel('Taking referrals now').isChecked()).toBe(true);
    // ... but never offers the service, or the agency, that declined (#12).
    await a.getByLabel('Search the directory').fill('food');
    await a
      .getByText(/not counting Riverside Foodbank, which could not take the referral/)
      .waitFor();
    expect(
      await a.getByRole('button', { name: /Refer to this service: Emergency food/ }).count(),
    ).toBe(0);
    await a.getByLabel('Search the directory').fill('pantry');
    await a.getByRole('button', { name: /Refer to this service: Community pantry/ }).click();
    await a.getByRole('heading', { name: 'Refer Fay Decline to Community pantry' }).waitFor();
    expect(await a.getByLabel('What help the client needs').inputValue()).toBe(
      'Food for a family of four this week.',
    );
    expect(await a.getByLabel(/The client agrees to this referral/).isChecked()).toBe(false);
    await expectAccessible(a);
    await a.goBack();
    await a.getByRole('heading', { name: 'Referral: Fay Decline to Riverside Foodbank' }).waitFor();

    // Redirect in two clicks: the services that can take the client are listed,
    // everything is prefilled, and the send button records that they agreed again.
    let clicks = 0;
    const click = async (target: Locator) => {
      clicks += 1;
      await target.click();
    };
    await click(a.getByRole('link', { name: 'Send Fay Decline to another service' }));
    await a.getByRole('heading', { name: 'Send Fay Decline on to another service' }).waitFor();
    await a.getByText(/Riverside Foodbank declined: no capacity at the moment/).waitFor();
    await a.getByText('Food for a family of four this week.').waitFor();
    await a
      .getByRole('heading', { name: /Services that can take Fay Decline \(Food support, near NR1/ })
      .waitFor();
    // The service that declined is not offered again.
    expect(await a.getByRole('button', { name: /send to Emergency food parcels/ }).count()).toBe(0);
    await expectAccessible(a);
    await screenshot(a, 'lifecycle-02b-redirect-two-clicks');
    await click(a.getByRole('button', { name: 'Fay Decline agrees: send to Community pantry' }));
    await a
      .getByRole('heading', { name: 'Referral: Fay Decline to Eastfield Housing Trust' })
      .waitFor();
    expect(clicks).toBe(2);
    await expectStatus(a, 'Sent');
    await a.getByText('Food for a family of four this week.').waitFor();

    // The two referrals link to each other, by where each went (#12).
    await a
      .getByRole('link', {
        name: 'Sent on from the referral to Emergency food parcels, Riverside Foodbank',
      })
      .click();
    await a.getByRole('heading', { name: 'Referral: Fay Decline to Riverside Foodbank' }).waitFor();
    const onward = a.getByRole('link', { name: 'Community pantry, Eastfield Housing Trust' });
    await onward.waitFor();
    expect(await a.locator('p.notice', { has: onward }).textContent()).toMatch(
      /^Sent on to Community pantry, Eastfield Housing Trust on \w{3},? \d{1,2} \w{3} \d{4}\.$/,
    );
    // Sent on once: not offered again, here or at its address.
    expect(await a.getByRole('link', { name: 'Send Fay Decline to another service' }).count()).toBe(
      0,
    );
    await expectAccessible(a);
    await screenshot(a, 'lifecycle-02c-declined-links-to-new');
    await a.goto(a.url().replace(/#\/referrals\/([0-9a-f-]+).*$/, '#/referrals/$1/redirect'));
    await a.getByRole('heading', { name: 'This referral was already sent on' }).waitFor();
    await onward.click();
    await a
      .getByRole('heading', { name: 'Referral: Fay Decline to Eastfield Housing Trust' })
      .waitFor();

    // In "Referrals out" the two rows tell apart.
    await a.getByRole('link', { name: /Referrals out/ }).click();
    const rows = a.getByRole('row').filter({ hasText: 'Fay Decline' });
    await rows.filter({ hasText: 'Sent on to Community pantry' }).waitFor();
    expect(await rows.filter({ hasText: 'Sent on to Community pantry' }).textContent()).toContain(
      'Riverside Foodbank',
    );
    expect(
      await rows.filter({ hasText: 'Sent on from Riverside Foodbank' }).textContent(),
    ).toContain('Community pantry, Eastfield Housing Trust');
    expect(await rows.count()).toBe(2);
    await expectAccessible(a);
  });

  it('sends one client to several services at once, from details typed once', async () => {
    await addClient(a, 'Nia Several', 'NR3 1AA');
    await a.getByRole('link', { name: 'Refer to a service' }).click();
    await a.getByLabel('Search the directory').fill('food');
    await a.getByRole('button', { name: /Refer to this service: Emergency food parcels/ }).click();
    await a.getByRole('button', { name: 'Add another service' }).click();
    await a.getByLabel('Search the directory').fill('pantry');
    await a.getByRole('button', { name: /Refer to this service: Community pantry/ }).click();
    await a.getByRole('heading', { name: 'Refer Nia Several to 2 services' }).waitFor();
    await a.getByLabel('What help the client needs').fill('Food now, and groceries after.');
    await a.getByLabel(/The client agrees to this referral/).check();
    await a.getByLabel(/Urgent/).check();
    await a.getByRole('button', { name: 'Send referral' }).click();
    await a.getByText('Say why it is urgent').first().waitFor();
    await expectAccessible(a);
    await a.getByLabel('Why it is urgent').fill('No food at all for three days.');
    await a.getByRole('button', { name: 'Send referral' }).click();
    await a.getByRole('heading', { name: 'Referrals you have sent' }).waitFor();
    await expect
      .poll(
        async () => (await a.getByRole('row', { name: /Nia Several/ }).allTextContents()).sort(),
        {
          timeout: 10 * SECOND,
        },
      )
      .toEqual([
        expect.stringMatching(/Community pantry.*Sent/),
        expect.stringMatching(/Emergency food parcels.*Sent/),
      ]);
    await openReferral(b, 'in', 'Nia Several');
    await b.getByText('No food at all for three days.').waitFor();
    await b.getByText('Food now, and groceries after.').waitFor();
  });

  it('lets the referrer withdraw, with a reason the receiver reads', async () => {
    await newReferral('Gus Withdraw', 'Needs food while his benefits are sorted.');
    await b.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(b, 'Acknowledged');

    await openReferral(a, 'out', 'Gus Withdraw');
    await expectStatus(a, 'Acknowledged');
    await a.getByRole('button', { name: 'Withdraw' }).click();
    await a.getByRole('button', { name: 'Withdraw the referral' }).click();
    await a.getByText('Say why the referral is withdrawn').first().waitFor();
    await expectAccessible(a);
    await a.getByLabel('Why you are withdrawing it').fill('He found help through his church.');
    await a.getByRole('button', { name: 'Withdraw the referral' }).click();
    await expectStatus(a, 'Withdrawn');

    await expectStatus(b, 'Withdrawn');
    await expect.poll(() => history(b)).toContain('He found help through his church.');
    expect(await b.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await screenshot(b, 'lifecycle-03-receiver-sees-withdrawn');
  });

  it('closes as "unable to contact" with what was tried', async () => {
    await newReferral('Hal Nocontact', 'Food parcel; only reachable by phone.');
    await b.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(b, 'Acknowledged');
    await b.getByRole('button', { name: 'Could not contact the client' }).click();
    await b.getByLabel('What you tried').fill('Phoned on three different days; no answer.');
    await expectAccessible(b);
    await b.getByRole('button', { name: 'Close: unable to contact' }).click();
    await expectStatus(b, 'Unable to contact');

    await openReferral(a, 'out', 'Hal Nocontact');
    await expectStatus(a, 'Unable to contact');
    await expect.poll(() => history(a)).toContain('Phoned on three different days; no answer.');
  });

  it('goes from first contact to a close with an outcome, with notes both ways', async () => {
    await newReferral('Ivy Outcome', 'Food for two adults; no cooker at home.');
    await b.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(b, 'Acknowledged');
    await b.getByRole('button', { name: 'Accept' }).click();
    await expectStatus(b, 'Accepted');
    // Nothing is due once accepted: the status stands alone, with no dangling dash (#12).
    await expect
      .poll(async () => (await b.locator('.status-line').textContent())?.trim())
      .toBe('Accepted');
    // Accepting it is taking it on: Bob is handling it, on his desk and on Alice's list (#12).
    await expect
      .poll(() => b.locator('section[aria-labelledby="inbox-heading"] > p').first().textContent())
      .toBe('You');

    // First contact, with how and when; back-dated within reason (#12).
    await b.getByRole('button', { name: 'Record first contact with the client' }).click();
    const form = b.locator('form', { hasText: 'How did you contact them?' });
    await form.getByRole('radio', { name: 'Phone' }).check();
    const when = form.getByLabel('Date of the contact');
    const today = await when.inputValue();
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString();
    await when.fill(yesterday.slice(0, 10));
    await form.getByRole('button', { name: 'Record first contact' }).click();
    await expect
      .poll(() => form.locator('.error-message').textContent())
      .toBe(
        'Error: The first contact cannot be before the referral was sent. Check the date and time.',
      );
    await expectAccessible(b);
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString();
    await when.fill(tomorrow.slice(0, 10));
    await form.getByRole('button', { name: 'Record first contact' }).click();
    await expect
      .poll(() => form.locator('.error-message').textContent())
      .toContain('The first contact cannot be in the future.');
    await when.fill(today);
    const time = await form.getByLabel('Time of the contact').inputValue();
    await form.getByRole('button', { name: 'Record first contact' }).click();
    await expectStatus(b, 'In progress');
    const contactWords = new RegExp(
      `^First contact: phone, \\d{1,2} [A-Z][a-z]+ \\d{4} at ${time}$`,
    );
    await expect.poll(() => b.locator('.first-contact').textContent()).toMatch(contactWords);
    await openReferral(a, 'out', 'Ivy Outcome');
    await expect
      .poll(() => a.locator('.first-contact').textContent(), { timeout: 10 * SECOND })
      .toMatch(contactWords);

    // A note from the receiver, read by the referrer…
    await b.getByLabel('Note', { exact: true }).fill('Spoke to Ivy; delivering on Thursday.');
    await b.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => history(b)).toContain('Spoke to Ivy; delivering on Thursday.');
    await openReferral(a, 'out', 'Ivy Outcome');
    await expect
      .poll(() => history(a), { timeout: 10 * SECOND })
      .toContain('Spoke to Ivy; delivering on Thursday.');
    // …and one back.
    await a.getByLabel('Note', { exact: true }).fill('Thank you. She is in after 2pm.');
    await a.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(() => history(b), { timeout: 10 * SECOND })
      .toContain('Thank you. She is in after 2pm.');
    await expectAccessible(b);

    await b.getByRole('button', { name: 'Close with an outcome' }).click();
    await b.getByLabel('Outcome').fill('Three days of food delivered; cooker grant applied for.');
    await b.getByRole('button', { name: 'Close the referral' }).click();
    await expectStatus(b, 'Completed');

    await expectStatus(a, 'Completed');
    await expect
      .poll(() => history(a))
      .toContain('Outcome: Three days of food delivered; cooker grant applied for.');
    // Completed: nothing left to withdraw.
    expect(await a.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await expectAccessible(a);
    await screenshot(a, 'lifecycle-04-referrer-sees-outcome');
  });

  it('lists what the other agency did, with a count of new ones that clears once seen', async () => {
    const updatesLink = a.locator('.main-nav a', { hasText: 'Updates' });
    await expect.poll(() => updatesLink.locator('.badge').count()).toBe(1);
    await updatesLink.click();
    await a.getByRole('heading', { name: 'What has changed' }).waitFor();
    await a
      .locator('li', {
        hasText:
          /Bob Receiver \(Riverside Foodbank\) closed the referral for Ivy Outcome with an outcome, /,
      })
      .waitFor();
    await a.locator('li', { hasText: /declined the referral for\s+Fay Decline/ }).waitFor();
    // Alice's own steps are not news to her.
    expect(await a.locator('li', { hasText: 'Alice Adviser' }).count()).toBe(0);
    await expectAccessible(a);
    await screenshot(a, 'lifecycle-06-updates');
    await expect.poll(() => updatesLink.locator('.badge').count()).toBe(0);
  });

  it('shows the receiving agency’s lead what is overdue, from the server, without client details', async () => {
    await newReferral('Ren Late', 'Food parcel, please.');
    // As if it had waited since January: the server's record is what counts.
    await net.server.db.query(
      `update referrals set acknowledge_by = '2026-01-05'
        where id = (select r.id from referrals r join referral_payloads p on p.referral_id = r.id
                     where p.payload->'client'->>'name' = 'Ren Late')`,
    );
    await addTestUser(net.server.db, {
      email: 'rita@riverside.test',
      name: 'Rita Lead',
      role: 'lead',
      organisationId: net.organisations.foodbank.id,
    });
    const leadDesk = await startWebDesk(net.server.url);
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const lead = await ctx.newPage();
    try {
      await signIn(lead, leadDesk.host.url, 'rita@riverside.test');
      await lead.getByRole('link', { name: /Referrals in/ }).click();
      await lead.getByRole('heading', { name: 'Overdue at your agency' }).waitFor();
      const row = lead.getByRole('row', { name: /Northgate Advice Centre.*Not acknowledged/ });
      await row.waitFor({ timeout: 10 * SECOND });
      expect(await row.textContent()).toMatch(/Mon,? 5 Jan 2026/);
      await expectAccessible(lead);
      await screenshot(lead, 'lifecycle-07-lead-overdue');
    } finally {
      await leadDesk.close();
    }
  });

  it('shows the referrer a browser notification of an outcome, naming the agency, not the client', async () => {
    await newReferral('Uma Notify', 'Food for tonight.');
    await b.getByRole('button', { name: 'Decline' }).click();
    await b.getByLabel('The client is not eligible').check();
    await b.getByRole('button', { name: 'Decline the referral' }).click();
    await expectStatus(b, 'Declined');
    const shown = async () => {
      const titles: unknown = await a.evaluate('window.shownNotifications');
      return Array.isArray(titles) ? titles.map(String) : [];
    };
    await expect
      .poll(shown, { timeout: 10 * SECOND })
      .toContain('Referral to Riverside Foodbank: declined');
    expect((await shown()).join(' ')).not.toContain('Uma');
  });

  it('explains a race the server decided: a withdraw crossing an accept', async () => {
    await newReferral('Jo Race', 'Food until her first wage.');
    await b.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(b, 'Acknowledged');

    // Bob's desk loses the network; meanwhile Alice withdraws.
    proxy.cut();
    await expect
      .poll(() => b.locator('.sync').textContent(), { timeout: 10 * SECOND })
      .toContain('Offline');
    await openReferral(a, 'out', 'Jo Race');
    await a.getByRole('button', { name: 'Withdraw' }).click();
    await a.getByLabel('Why you are withdrawing it').fill('She has moved out of the area.');
    await a.getByRole('button', { name: 'Withdraw the referral' }).click();
    await expectStatus(a, 'Withdrawn');

    // Bob, still seeing "acknowledged", accepts; it waits to send.
    await b.getByRole('button', { name: 'Accept' }).click();
    await b.getByText('Waiting to send.', { exact: false }).waitFor();
    proxy.restore();

    await expectStatus(b, 'Withdrawn');
    await b
      .getByText(
        /Alice Adviser at Northgate Advice Centre withdrew this referral at .*, before your action reached the network/,
      )
      .waitFor({ timeout: 10 * SECOND });
    await expect.poll(() => history(b)).toContain('She has moved out of the area.');
    expect(await b.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await expectAccessible(b);
    await screenshot(b, 'lifecycle-05-race-explained');
  });
});
