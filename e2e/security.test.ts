import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openKeychain } from '#main/keys/keychain.ts';
import { launchBrowser } from '#test/browser.ts';
import { addLead } from '#test/lead.ts';
import { manualClock } from '#test/manual-clock.ts';
import type { ManualClock } from '#test/manual-clock.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { addClient, PASSPHRASE, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Locking and keys in a real browser (web mode), against a real server and
 * a real encrypted store. The desk's clock is moved on by the test — "eleven
 * minutes pass" — so nothing waits for time and nothing is timed. Every
 * screen is checked with axe (WCAG 2.2 AA).
 */
const MINUTE = 60_000;
const LEAD = 'lead@northgate.test';
const CLIENT = 'Priya Lockwood';

let net: TestNetwork;
let browser: Browser;
const desks: WebDesk[] = [];

beforeAll(async () => {
  net = await startTestNetwork();
  await addLead(net, LEAD, net.organisations.advice.id);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  for (const desk of desks) {
    await desk.desk.handlers['session.signOut']({});
    await desk.close();
  }
  await net.close();
});

const newDesk = async (
  keychain: 'auto' | 'off' = 'off',
): Promise<{ page: Page; clock: ManualClock; desk: WebDesk }> => {
  const clock = manualClock();
  const desk = await startWebDesk(net.server.url, { keychain, clock });
  desks.push(desk);
  const page = await (await browser.newContext()).newPage();
  return { page, clock, desk };
};

/** Confirms the recovery key on its page (opened from the banner), reading it from the screen. */
const confirmRecoveryKey = async (page: Page, fromBanner = false): Promise<string> => {
  if (fromBanner) await page.getByRole('link', { name: 'Show my recovery key' }).click();
  await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
  const key = (await page.locator('.recovery-key').textContent()) ?? '';
  expect(key).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await page.getByLabel('The last four characters of your recovery key').fill(key.slice(-4));
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
  return key;
};

describe('locking after inactivity', () => {
  it('locks after the agency’s idle minutes, hides every client, and the passphrase unlocks', async () => {
    const { page, clock, desk } = await newDesk();
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await confirmRecoveryKey(page, true);
    await addClient(page, CLIENT, 'NG1 4AB');

    // Ten minutes is the agency's default: nine pass, still open.
    clock.advance(9 * MINUTE);
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: CLIENT }).waitFor();

    // The page is left alone for the rest of the ten minutes (and the last check).
    clock.advance(10 * MINUTE + 15_000);
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByText('Handover locked itself because it was not used for a while').waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Lockwood');
    expect(await page.locator('body').textContent()).not.toContain('NG1 4AB');
    await expectAccessible(page);
    await screenshot(page, 'security-locked-idle');

    await page.getByLabel('Passphrase', { exact: true }).fill('not the right passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That passphrase does not unlock the casework on this computer' })
      .waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Lockwood');
    await expectAccessible(page);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByRole('link', { name: CLIENT }).waitFor();
  });

  /** Everything typed into the page's fields, which `textContent` does not show. */
  const typedValues = async (page: Page): Promise<string> => {
    const fields = await page.locator('input, textarea').all();
    return (await Promise.all(fields.map((field) => field.inputValue()))).join('\n');
  };

  const unlock = async (page: Page): Promise<void> => {
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
  };

  it('keeps a half-filled form through a lock, hidden while locked, and forgets it once the form is left', async () => {
    const { page, clock, desk } = await newDesk();
    await signIn(page, desk.host.url, 'carol@eastfield.test');
    await confirmRecoveryKey(page, true);

    // A new client's details, half typed, then the adviser steps away and locks.
    await page.getByRole('link', { name: 'Add a client' }).click();
    await page.getByLabel('Full name').fill('Dmitri Halfway');
    await page.getByLabel('Phone').fill('07700 900555');
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Halfway');
    expect(await typedValues(page)).not.toContain('Halfway');
    expect(await typedValues(page)).not.toContain('900555');

    await unlock(page);
    await page.getByRole('heading', { name: 'Add a client' }).waitFor();
    await expect.poll(() => page.getByLabel('Full name').inputValue()).toBe('Dmitri Halfway');
    expect(await page.getByLabel('Phone').inputValue()).toBe('07700 900555');
    await page.getByLabel('Postcode').fill('NG2 7HH');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByRole('heading', { name: 'Dmitri Halfway' }).waitFor();

    // A referral being written when the desk locks itself: the words and the
    // adviser's choice not to share the phone number both stand after unlocking.
    await page.getByRole('link', { name: 'Refer to a service' }).click();
    await page.getByLabel('Search the directory').fill('food');
    await page
      .getByRole('button', { name: /Refer to this service: Emergency food parcels/ })
      .click();
    await page.getByLabel('What help the client needs').fill('No food until Friday, two children');
    const phone = page.getByRole('checkbox', { name: /^Phone:/ });
    await phone.uncheck();
    clock.advance(10 * MINUTE + 15_000);
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Friday');
    expect(await typedValues(page)).not.toContain('Friday');

    await unlock(page);
    await expect
      .poll(() => page.getByLabel('What help the client needs').inputValue())
      .toBe('No food until Friday, two children');
    expect(await phone.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: /^Postcode:/ }).isChecked()).toBe(true);
    await expectAccessible(page);

    // Leaving the form is not locking: its draft goes, and a new client form starts empty.
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: 'Dmitri Halfway' }).click();
    await page.getByRole('link', { name: 'Refer to a service' }).click();
    await page.getByLabel('Search the directory').fill('food');
    await page
      .getByRole('button', { name: /Refer to this service: Emergency food parcels/ })
      .click();
    expect(await page.getByLabel('What help the client needs').inputValue()).toBe('');
    expect(await page.getByRole('checkbox', { name: /^Phone:/ }).isChecked()).toBe(true);
  });
});

const keychain = await openKeychain();

describe.skipIf(keychain === null)(
  keychain === null
    ? 'unlocking a keychain desk with the password — SKIPPED: no OS secret service on this machine; CI runs the suite under test/with-keychain.sh'
    : 'unlocking a keychain desk with the password',
  () => {
    it('asks for the sign-in password, says clearly when it is wrong, and unlocks with the right one', async () => {
      const { page, clock, desk } = await newDesk('auto');
      await page.goto(desk.host.url);
      await page.getByLabel('Email address').fill('alice@northgate.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The keychain holds the key: no passphrase, straight in.
      await confirmRecoveryKey(page, true);
      await addClient(page, 'Kit Keychain', 'NG2 1AA');

      clock.advance(10 * MINUTE + 15_000);
      await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
      expect(await page.locator('body').textContent()).not.toContain('Kit Keychain');
      await page.getByText('Enter the password you sign in to Handover with').waitFor();
      await expectAccessible(page);
      await screenshot(page, 'security-locked-password');

      await page.getByLabel('Password').fill('not my password at all');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('alert').filter({ hasText: 'That is not your password' }).waitFor();
      expect(await page.locator('body').textContent()).not.toContain('Kit Keychain');
      await expectAccessible(page);

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Unlock' }).click();
      // Back on the client's page, where the adviser was.
      await page.getByRole('heading', { name: 'Kit Keychain' }).waitFor();

      // A recovery key opens the store: making one asks for the password here too.
      await page.getByRole('link', { name: 'Security' }).click();
      await page.getByText('This computer’s keychain holds the key').waitFor();
      const section = page.getByRole('region', { name: 'Make a new recovery key' });
      await section.getByLabel('Your password').fill('not my password at all');
      await section.getByRole('button', { name: 'Make a new recovery key' }).click();
      await page.getByRole('alert').filter({ hasText: 'That is not your password' }).waitFor();
      await expectAccessible(page);
      await section.getByLabel('Your password').fill(PASSWORD);
      await section.getByRole('button', { name: 'Make a new recovery key' }).click();
      await confirmRecoveryKey(page);
    });
  },
);

describe('the security page', () => {
  let page: Page;
  let clock: ManualClock;

  beforeAll(async () => {
    const made = await newDesk();
    ({ page, clock } = made);
    await signIn(page, made.desk.host.url, LEAD);
    await confirmRecoveryKey(page, true);
    await addClient(page, 'Sam Securepage', 'NG3 3CC');
  });

  const openSecurity = async () => {
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Keeping your casework safe' }).waitFor();
  };

  it('lets the lead choose how soon the agency’s computers lock', async () => {
    await openSecurity();
    await expectAccessible(page);
    const minutes = page.getByLabel('Lock after this many minutes without use');
    expect(await minutes.inputValue()).toBe('10');
    await minutes.fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter at least 1 minute' }).waitFor();
    await expectAccessible(page);
    await minutes.fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Your agency’s computers will lock after 2 minutes').waitFor();
    await page.getByText('Handover locks itself after 2 minutes without anyone').waitFor();
    await screenshot(page, 'security-page');

    // It applies to this desk at once.
    clock.advance(2 * MINUTE + 15_000);
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Back where the lead was.
    await page.getByRole('heading', { name: 'Keeping your casework safe' }).waitFor();
  });

  it('lets the lead set the retention rule the desks run by themselves', async () => {
    await page.getByRole('link', { name: 'Backups' }).click();
    await page.getByRole('link', { name: /retention/ }).click();
    await page.getByRole('heading', { name: 'Your agency’s rule' }).waitFor();
    await page.getByText('Your agency has not set a rule').waitFor();
    const yearsKept = page.getByLabel('Years a closed case is kept');
    await yearsKept.fill('0');
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText('Enter at least 1 year').waitFor();
    await yearsKept.fill('6');
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText('Saved. Cases closed more than 6 years ago will be listed').waitFor();
    await page.getByText('Cases closed more than 6 years ago are anonymised by Handover').waitFor();
    await page.getByText('No cases are listed.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'security-retention-rule');
    await page.getByRole('button', { name: 'Turn the rule off' }).click();
    await page.getByText('The rule is off.').waitFor();
    await page.getByText('Your agency has not set a rule').waitFor();
  });

  it('changes the passphrase only with the one in use now', async () => {
    await openSecurity();
    const form = page.getByRole('region', { name: 'Change your passphrase' });
    await form.getByLabel('Passphrase now').fill('a wrong old passphrase');
    await form.getByLabel('New passphrase', { exact: true }).fill('short');
    await form.getByLabel('New passphrase again').fill('short');
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).first().waitFor();
    await expectAccessible(page);
    await form.getByLabel('New passphrase', { exact: true }).fill('lantern harbour copper');
    await form.getByLabel('New passphrase again').fill('lantern harbour copper');
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That passphrase does not unlock the casework' })
      .waitFor();
    await form.getByLabel('Passphrase now').fill(PASSPHRASE);
    await form.getByLabel('New passphrase', { exact: true }).fill('lantern harbour copper');
    await form.getByLabel('New passphrase again').fill('lantern harbour copper');
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByText('Your passphrase has been changed').waitFor();
    await expectAccessible(page);
  });

  it('makes a new recovery key, shown once and confirmed', async () => {
    await openSecurity();
    const section = page.getByRole('region', { name: 'Make a new recovery key' });
    await section.getByLabel('Your passphrase').fill('lantern harbour copper');
    await section.getByRole('button', { name: 'Make a new recovery key' }).click();
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    await expectAccessible(page);
    await confirmRecoveryKey(page);
  });

  it('changes the key to the casework from the keyboard, keeps every client, and shows a new recovery key', async () => {
    await openSecurity();
    const section = page.getByRole('region', { name: 'Change the key to your casework' });
    // Keyboard only: open the disclosure, type the passphrase, press Enter.
    await section.getByText('Change the key now').focus();
    await page.keyboard.press('Enter');
    await section.getByLabel('Your passphrase').focus();
    await page.keyboard.type('not the passphrase');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'That passphrase does not unlock the casework' })
      .waitFor();
    await expectAccessible(page);
    await section.getByLabel('Your passphrase').focus();
    await page.keyboard.type('lantern harbour copper');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    await confirmRecoveryKey(page);
    await page.getByRole('link', { name: 'Sam Securepage' }).waitFor();

    // Locked and unlocked again: the re-encrypted store opens with the passphrase.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('lantern harbour copper');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('link', { name: 'Sam Securepage' }).waitFor();
  });
});
