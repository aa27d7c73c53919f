import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '#test/network.ts';

/**
 * What an adviser does again and again in the browser tests: sign in and
 * protect a new store, add a client, refer them to the food parcels service,
 * open a referral from a list. Written against the labels people read.
 */
export const PASSPHRASE = 'river boat lantern seven';
export const SECOND = 1_000;

export const signIn = async (page: Page, url: string, email: string): Promise<void> => {
  await page.goto(url);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Protect the casework on this computer' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Protect and continue' }).click();
  // The recovery key comes next (#12); the tests save it later, if at all.
  await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
  await page.getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
  // Usable in beforeAll, where expect.poll is not.
  await page.locator('.sync', { hasText: 'Connected' }).waitFor({ timeout: 10 * SECOND });
};

export const addClient = async (page: Page, name: string, postcode: string): Promise<void> => {
  await page.getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByRole('link', { name: 'Add a client' }).click();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Date of birth').fill('1984-03-02');
  await page.getByLabel('Phone').fill('07700 900123');
  await page.getByLabel('Postcode').fill(postcode);
  await page.getByRole('button', { name: 'Save client' }).click();
  await page.getByRole('heading', { name }).waitFor();
};

/** From the client's page: refer to Riverside Foodbank's food parcels, with consent. */
export const referForFood = async (page: Page, client: string, needs: string): Promise<void> => {
  await page.getByRole('link', { name: 'Refer to a service' }).click();
  await page.getByLabel('Search the directory').fill('food');
  await page.getByRole('button', { name: /Refer to this service: Emergency food parcels/ }).click();
  await page.getByLabel('What help the client needs').fill(needs);
  await page.getByLabel(/The client agrees to this referral/).check();
  await page.getByRole('button', { name: 'Send referral' }).click();
  await page.getByRole('heading', { name: `Referral: ${client} to Riverside Foodbank` }).waitFor();
  await expect
    .poll(() => page.locator('.status-line').textContent(), { timeout: 10 * SECOND })
    .toContain('Sent');
};

/** Opens a referral from the inbox (incoming) or the sent list (outgoing), once it is there. */
export const openReferral = async (
  page: Page,
  direction: 'in' | 'out',
  client: string,
): Promise<void> => {
  await page
    .getByRole('link', { name: direction === 'in' ? /Referrals in/ : /Referrals out/ })
    .click();
  await page.getByRole('link', { name: client, exact: true }).click({ timeout: 10 * SECOND });
  await page.getByRole('heading', { name: new RegExp(`^Referral: ${client}`) }).waitFor();
};

/** Waits until the referral on screen shows a status. */
export const expectStatus = async (page: Page, status: string): Promise<void> => {
  await expect
    .poll(() => page.locator('.status-line').textContent(), { timeout: 10 * SECOND })
    .toContain(status);
};
