import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { addClient, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * An agency asks to join the network from the public directory, and the
 * coordinator approves it on their desk (#4): the agency exists and its
 * contact gets a one-time code to become its lead.
 */

let net: TestNetwork;
let desk: WebDesk;
let adviserDesk: WebDesk | undefined;
let browser: Browser;
let contexts: BrowserContext[] = [];
let visitor: Page;
let coordinator: Page;

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
  contexts = [await browser.newContext(), await browser.newContext()];
  const [a, b] = contexts;
  if (!a || !b) throw new Error('no browser contexts');
  visitor = await a.newPage();
  coordinator = await b.newPage();
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await desk.close();
  await adviserDesk?.close();
  await net.close();
});

describe('an agency asks to join; the coordinator approves', () => {
  it('asks from the public directory, told what is missing first', async () => {
    await visitor.goto(`${net.server.url}/directory`);
    await visitor.getByRole('link', { name: 'Ask for your agency to join the network' }).click();
    await visitor.getByRole('heading', { name: /^Ask to join/ }).waitFor();
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await visitor.getByText('Error: Enter your agency’s name').waitFor();
    await expectAccessible(visitor);
    await visitor.getByLabel('Your agency’s name').fill('Westside Money Help');
    await visitor
      .getByLabel('What your agency does')
      .fill('Free debt advice in the west of the city.');
    await visitor.getByLabel('Your name').fill('Wendy West');
    await visitor.getByLabel('Your work email address').fill('wendy@westside.test');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByRole('heading', { name: 'Your request has been sent' }).waitFor();
    await expectAccessible(visitor);
    await screenshot(visitor, 'join-01-asked');
  });

  it('the coordinator approves it and gets the lead’s one-time code', async () => {
    await coordinator.goto(desk.host.url);
    await coordinator.getByLabel('Email address').fill('co@network.test');
    await coordinator.getByLabel('Password').fill(PASSWORD);
    await coordinator.getByRole('button', { name: 'Sign in' }).click();
    // A coordinator holds no casework: no passphrase to choose (#12).
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Asking to join' }).click();
    await coordinator.getByRole('heading', { name: 'Westside Money Help' }).waitFor();
    await coordinator.getByText(/asked by Wendy West \(wendy@westside\.test\)/).waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: 'Approve Westside Money Help' }).click();
    await coordinator.getByText('Westside Money Help has joined the network.').waitFor();
    const code = await coordinator.locator('.code').textContent();
    expect(code).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await coordinator.getByText('No agency is waiting for an answer.').waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'join-02-approved');
    const [org] = await net.server.db.query<{ name: string }>(
      `select name from organisations where name = 'Westside Money Help'`,
    );
    expect(org).toBeDefined();
  });

  it('the coordinator adds an issue category; it reaches the directory’s filters and forms', async () => {
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Issue categories' }).click();
    await coordinator.getByRole('heading', { name: 'Issue categories' }).waitFor();
    await coordinator.getByRole('button', { name: 'Add the category' }).click();
    await coordinator.getByText('Name the category').first().waitFor();
    await coordinator.getByLabel('New category').fill('Cost of living');
    await coordinator.getByRole('button', { name: 'Add the category' }).click();
    await coordinator
      .getByText('Added “Cost of living”. Every desk’s directory can now use it.')
      .waitFor();
    await coordinator
      .getByRole('listitem')
      .filter({ hasText: /^Cost of living$/ })
      .waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'join-03-issue-category');

    // A service is labelled with it, and the directory filters by it.
    await nav.getByRole('link', { name: 'Directory' }).click();
    await coordinator.getByLabel('Search the directory').fill('parcels');
    await coordinator.getByRole('link', { name: 'Emergency food parcels' }).click();
    await coordinator.getByRole('link', { name: 'Change the details' }).click();
    await coordinator.getByLabel('Cost of living').check();
    await coordinator.getByRole('button', { name: 'Save the details' }).click();
    await coordinator
      .getByRole('heading', { name: 'Emergency food parcels', exact: true })
      .waitFor();
    await coordinator.getByText('Food support, Cost of living').waitFor({ timeout: 10_000 });
    await nav.getByRole('link', { name: 'Directory' }).click();
    await coordinator.getByLabel('Issue').selectOption({ label: 'Cost of living' });
    await coordinator.getByText('1 service found').waitFor();
    await coordinator.getByRole('link', { name: 'Emergency food parcels' }).waitFor();
    await expectAccessible(coordinator);
  });

  it('an adviser opens a case with the new category and reads it in words', async () => {
    adviserDesk = await startWebDesk(net.server.url);
    const adviser = await visitor.context().newPage();
    await signIn(adviser, adviserDesk.host.url, 'alice@northgate.test');
    await addClient(adviser, 'Nia Costings', 'NR2 4AB');
    await adviser.getByRole('link', { name: 'Open a case' }).click();
    await adviser.getByRole('heading', { name: 'Open a case for Nia Costings' }).waitFor();
    await adviser.getByLabel('Cost of living').check();
    await adviser.getByLabel('Summary').fill('Energy bills after a benefit cut');
    await adviser.getByRole('button', { name: 'Open case' }).click();
    await adviser
      .getByRole('heading', { name: /^Case HC-(?:[A-Z]{1,3}-)?\d{4}-\d{4}: Nia Costings$/ })
      .waitFor();
    await adviser.getByText('Cost of living', { exact: true }).waitFor();
    expect(await adviser.getByText('x-cost-of-living').count()).toBe(0);
    await expectAccessible(adviser);
    await adviser.close();
  });
});
