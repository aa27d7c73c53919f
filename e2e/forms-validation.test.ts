import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clientDetailsSchema } from '#src/casework/schemas.ts';
import { PHONE_WORDS, POSTCODE_WORDS } from '#src/contact-fields.ts';
import { AREA_WORDS, directoryFindSchema } from '#src/directory/find.ts';
import { maxLengths } from '#src/field-words.ts';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * What a new user trips on in forms (#12): limits are shown before the press
 * (maxlength from the same schema, hints) and said in words after it; a
 * client's date of birth, phone and postcode and an outcome's date are
 * checked; a directory search that is not valid says what is wrong and shows
 * no misleading list.
 */

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  net = await startTestNetwork();
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await signIn(page, desk.host.url, 'alice@northgate.test');
});

afterAll(async () => {
  await browser.close();
  // Signed out first: see main/casework/handlers.test.ts.
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
});

const summary = () => page.locator('.error-summary');

describe('forms say their limits and problems in words', () => {
  it('client form: limits from the schema, words for every problem', async () => {
    const limits = maxLengths<string>(clientDetailsSchema);
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: 'Add a client' }).click();
    const name = page.getByLabel('Full name');
    // Before the press: the field stops at the schema's limit, and a long one says it.
    expect(await name.getAttribute('maxlength')).toBe(String(limits.name));
    expect(await page.getByLabel('Postcode').getAttribute('maxlength')).toBe(
      String(limits.postcode),
    );
    await name.pressSequentially('x'.repeat((limits.name ?? 0) + 5));
    expect((await name.inputValue()).length).toBe(limits.name);
    await page.getByText('Who they live with, and any children. Up to 1,000 characters.').waitFor();

    // Were a longer name to arrive anyway (pasted into an older page), the
    // schema says the limit in words, not zod's "Too big: expected string…".
    await page.evaluate(
      "document.querySelectorAll('[maxlength]').forEach((el) => el.removeAttribute('maxlength'))",
    );
    await name.fill('y'.repeat((limits.name ?? 0) + 1));
    await page.getByLabel('Date of birth').fill('2999-01-01');
    await page.getByLabel('Phone').fill('abc');
    await page.getByLabel('Postcode').fill('ZZZZZZZZZZ');
    await page.getByRole('button', { name: 'Save client' }).click();
    await summary().getByText('Keep this to 200 characters or fewer').waitFor();
    await summary().getByText('The date of birth cannot be in the future').waitFor();
    await summary().getByText(PHONE_WORDS).waitFor();
    await summary().getByText(POSTCODE_WORDS).waitFor();
    expect(await summary().textContent()).not.toMatch(/Too big|expected|Invalid/);
    await expectAccessible(page);
    await screenshot(page, 'forms-validation-01-client');

    // An international number is fine; the client is saved.
    await name.fill('Amélie Durand');
    await page.getByLabel('Date of birth').fill('1962-07-30');
    await page.getByLabel('Phone').fill('+33 1 23 45 67 89');
    await page.getByLabel('Postcode').fill('nr2 4cd');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByRole('heading', { name: 'Amélie Durand' }).waitFor();
    await page.getByText('NR2 4CD').waitFor();
  });

  it('an outcome cannot be dated in the future', async () => {
    await page.getByRole('link', { name: 'Open a case' }).click();
    await page.getByLabel('Welfare benefits').check();
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByRole('heading', { name: /^Case HC-.*: Amélie Durand$/ }).waitFor();
    await page.getByLabel('Which benefit, debt or grant').fill('Pension Credit');
    await page.getByLabel('Amount in pounds').fill('100');
    await page.getByLabel('Achieved on').fill('2999-01-01');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await summary().getByText('The date achieved cannot be in the future').waitFor();
    await expectAccessible(page);
    expect(await page.getByText('Financial gain for the client over a year').count()).toBe(0);
  });

  it('directory search: a search that is not valid says why and lists nothing', async () => {
    const limits = maxLengths<string>(directoryFindSchema);
    await page.getByRole('link', { name: 'Directory' }).click();
    const status = page.getByRole('status').filter({ hasText: /services? found|Correct the/ });
    await status.filter({ hasText: /services? found/ }).waitFor();
    const listed = page.locator('main li.service');

    // Longer than the search takes: it stops at the limit and keeps searching.
    const search = page.getByLabel('Search the directory');
    expect(await search.getAttribute('maxlength')).toBe(String(limits.text));
    await search.pressSequentially(`food ${'z'.repeat(limits.text ?? 0)}`, { delay: 0 });
    expect((await search.inputValue()).length).toBe(limits.text);
    await search.fill('');

    // An age that is not whole years: words, and no list of every service.
    await page.getByLabel('Age').fill('abc');
    await page.getByText('Enter an age in whole years').waitFor();
    await status.filter({ hasText: 'Correct the search above to see services.' }).waitFor();
    expect(await listed.count()).toBe(0);
    await expectAccessible(page);
    await page.getByLabel('Age').fill('');
    await status.filter({ hasText: /services? found/ }).waitFor();

    // An area that is not a postcode: words saying what to do instead.
    await page.getByLabel('Area (postcode district)').fill('Norwich city centre');
    await page.getByText(AREA_WORDS).waitFor();
    await status.filter({ hasText: 'Correct the search above to see services.' }).waitFor();
    expect(await listed.count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'forms-validation-02-directory');
  });
});
