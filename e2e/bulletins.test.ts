import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { SECOND, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Bulletins (#4) in a real browser: the coordinator posts news and sets the
 * directory's settings; an adviser's desk shows it with an unread marker,
 * which goes once they have read it.
 */

let net: TestNetwork;
let coordinatorDesk: WebDesk;
let adviserDesk: WebDesk;
let browser: Browser;
let contexts: BrowserContext[] = [];
let coordinator: Page;
let adviser: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  await addUser(net.server.db, {
    email: 'co@network.test',
    name: 'Sam Coordinator',
    role: 'coordinator',
    organisationId: null,
    password: PASSWORD,
  });
  coordinatorDesk = await startWebDesk(net.server.url);
  adviserDesk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  contexts = [await browser.newContext(), await browser.newContext()];
  const [a, b] = contexts;
  if (!a || !b) throw new Error('no browser contexts');
  coordinator = await a.newPage();
  adviser = await b.newPage();
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser.close();
  await coordinatorDesk.close();
  await adviserDesk.close();
  await net.close();
});

describe('news for every desk', () => {
  it('the coordinator posts news, explained when something is missing', async () => {
    await coordinator.goto(coordinatorDesk.host.url);
    await coordinator.getByLabel('Email address').fill('co@network.test');
    await coordinator.getByLabel('Password').fill(PASSWORD);
    await coordinator.getByRole('button', { name: 'Sign in' }).click();
    // A coordinator holds no casework: no passphrase to choose (#12).
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'News' }).click();
    await coordinator.getByRole('heading', { name: 'News from the network' }).waitFor();
    await coordinator.getByText('No news yet.').waitFor();
    await coordinator.getByRole('button', { name: 'Post the news' }).click();
    await coordinator.getByText('Give the news a title').first().waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByLabel('Title').fill('New: holiday hunger club');
    await coordinator
      .getByLabel('The news')
      .fill('Riverside Foodbank now runs lunches in the holidays.');
    await coordinator.getByRole('button', { name: 'Post the news' }).click();
    await coordinator.getByText('Posted. Every desk in the network shows it.').waitFor();
    await coordinator.getByRole('heading', { name: 'New: holiday hunger club' }).waitFor();
    await expectAccessible(coordinator);
    await screenshot(coordinator, 'bulletins-01-posted');
  });

  it('the coordinator sets the review period and lets leads post', async () => {
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Review period and posting' }).click();
    await coordinator.getByLabel('Review every').fill('0');
    await coordinator.getByRole('button', { name: 'Save' }).click();
    await coordinator.getByText('At least 1 month').first().waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByLabel('Review every').fill('6');
    await coordinator.getByLabel(/Agency leads may post news/).check();
    await coordinator.getByRole('button', { name: 'Save' }).click();
    await coordinator.getByText('Saved for the whole network.').waitFor();
    const [row] = await net.server.db.query<{ settings: Record<string, unknown> }>(
      'select settings from network',
    );
    expect(row?.settings).toMatchObject({ reviewMonths: 6, leadsMayPostBulletins: true });
  });

  it('an adviser sees the news marked unread, until they have read it', async () => {
    await signIn(adviser, adviserDesk.host.url, 'alice@northgate.test');
    const news = adviser.getByRole('link', { name: /^News/ });
    await expect.poll(() => news.textContent(), { timeout: 10 * SECOND }).toBe('News1 unread');
    await expectAccessible(adviser);
    await news.click();
    await adviser.getByRole('heading', { name: /New: holiday hunger club/ }).waitFor();
    await adviser.getByText('New', { exact: true }).waitFor();
    await adviser
      .getByText('Sam Coordinator, network coordinator', { exact: false })
      .first()
      .waitFor();
    // No form: advisers read the news, they do not post it.
    expect(await adviser.getByRole('button', { name: 'Post the news' }).count()).toBe(0);
    await expectAccessible(adviser);
    await screenshot(adviser, 'bulletins-02-unread');
    await expect.poll(() => news.textContent(), { timeout: 10 * SECOND }).toBe('News');
  });
});
