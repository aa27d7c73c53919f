import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { addClient, SECOND, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Gaps in provision and signposting (#4) in a real browser: an adviser
 * records that a client was told about a service (from the client's page)
 * and a gap no service could fill; the coordinator sees the gap and the
 * figures count the signposting beside referrals. No client details reach
 * the network.
 */

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  net = await startTestNetwork();
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

describe('an adviser records signposting and a gap; the coordinator sees them', () => {
  it('records, from the client’s page, that the client was told about a service', async () => {
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await addClient(page, 'Dana Example', 'NR5 1AA');
    await page.getByRole('heading', { name: 'Told about (signposting)' }).waitFor();
    await page.getByText('No services recorded yet.').waitFor();
    await page
      .getByRole('link', { name: 'Record that you told Dana Example about a service' })
      .click();
    await page.getByRole('heading', { name: 'Record a signposting for Dana Example' }).waitFor();
    await page.getByLabel('What the client needed help with').selectOption('food-support');
    await page.getByLabel('Search the directory').fill('food');
    await expectAccessible(page);
    await page
      .getByRole('button', { name: /Told the client about this: Emergency food parcels/ })
      .click();
    await page.getByRole('heading', { name: 'Dana Example' }).waitFor();
    const told = page.getByRole('region', { name: 'Told about (signposting)' });
    await told.getByRole('link', { name: 'Emergency food parcels' }).waitFor();
    await expect
      .poll(() => told.getByText('waiting to send').count(), { timeout: 10 * SECOND })
      .toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'provision-01-signposted');
    const [row] = await net.server.db.query<Record<string, unknown>>('select * from signposts');
    expect(row).toMatchObject({ postcode_district: 'NR5', issues: ['food-support'] });
    expect(JSON.stringify(row)).not.toMatch(/Dana|NR5 1AA|07700/);
  });

  it('records a gap in provision, explaining what is missing first', async () => {
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('link', { name: 'Record a gap in provision' }).click();
    await page.getByRole('heading', { name: 'Record a gap in provision' }).waitFor();
    await page.getByRole('button', { name: 'Record the gap' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByText('Choose what the client needed help with').first().waitFor();
    await page.getByText('Say why no service could help').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('What the client needed help with').selectOption('immigration');
    await page.getByLabel('Area').fill('NR5');
    await page
      .getByLabel('Why no service could help')
      .fill('No immigration adviser has space before March');
    await page.getByRole('button', { name: 'Record the gap' }).click();
    await page.getByText('Recorded. The network’s coordinator can see it.').waitFor();
    await page
      .getByText(/Immigration, NR5\. No immigration adviser has space before March/)
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'provision-02-gap');
  });

  it('the coordinator sees the gap, and signposting counted beside referrals', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill('co@network.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A coordinator holds no casework: no passphrase to choose (#12).
    // The desk stays on the page it showed; the coordinator's menu is there.
    await page.getByText('Sam Coordinator, network coordinator').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Gaps in provision' }).click();
    await page.getByRole('heading', { name: 'Gaps in provision' }).waitFor();
    await page.getByText('No immigration adviser has space before March').waitFor();
    await page.getByRole('table', { name: 'Gaps by issue' }).getByText('Immigration').waitFor();
    await page
      .getByText(/Northgate Advice Centre/)
      .first()
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'provision-03-coordinator-gaps');
    await nav.getByRole('link', { name: 'Figures' }).click();
    const table = page.getByRole('table', { name: 'Referrals, signposting and gaps' });
    await expect
      .poll(async () =>
        (await table.getByRole('row', { name: /Signposting/ }).textContent())?.replace(/\s+/g, ' '),
      )
      .toMatch(/1$/);
    expect(await table.getByRole('row', { name: /Gaps in provision/ }).textContent()).toMatch(/1$/);
    expect(await page.locator('main').textContent()).not.toContain('Dana');
    await expectAccessible(page);
  });
});
