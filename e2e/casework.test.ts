import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Casework in a real browser (web mode): an adviser records a client with
 * their full details, opens a case, writes a note, sets a key date, imports a
 * document and previews it, records a financial outcome, and then finds the
 * client by name, postcode, case reference and words from the note. Every
 * screen is checked with axe (WCAG 2.2 AA).
 */
const PASSPHRASE = 'kettle orchard violet nine';

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let page: Page;
let reference = '';
let recoveryKey = '';

beforeAll(async () => {
  net = await startTestNetwork();
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser.close();
  // Signed out first: see main/casework/handlers.test.ts.
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
});

const search = async (text: string) => {
  await page.getByRole('link', { name: 'Clients', exact: true }).click();
  await page.getByLabel('Find a client').fill(text);
};

describe('casework on the desk', () => {
  it('records a client with their full details', async () => {
    await page.goto(desk.host.url);
    await page.getByLabel('Email address').fill('alice@northgate.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Passphrase again').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Protect and continue' }).click();

    // A new store's recovery key comes next, as the passphrase page says (#12).
    await page.getByRole('heading', { name: 'Save your recovery key' }).waitFor();
    recoveryKey = (await page.locator('.recovery-key').textContent()) ?? '';
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    await expectAccessible(page);
    await screenshot(page, 'casework-00-recovery-key');
    await page.getByLabel('The last four characters of your recovery key').fill('0000');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByText('Those are not the last four characters').waitFor();
    await page
      .getByLabel('The last four characters of your recovery key')
      .fill(recoveryKey.slice(-4));
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    // The banner reads the desk again after confirming: wait for it, not a moment.
    await expect
      .poll(() => page.getByRole('link', { name: 'Show my recovery key' }).count())
      .toBe(0);

    await page.getByRole('link', { name: 'Add a client' }).click();
    // Saving without a name shows the problem and keeps nothing.
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByText('Enter the client’s name').first().waitFor();
    await expectAccessible(page);

    await page.getByLabel('Full name').fill('Precious Mensah');
    await page.getByLabel('Other names').fill('Precious Owusu');
    await page.getByLabel('Date of birth').fill('1979-08-14');
    await page.getByLabel('Phone').fill('07700 900456');
    await page.getByLabel('Postcode').fill('nr3 1hg');
    await page.getByLabel('Household').fill('Lives with her mother');
    await page.getByLabel('Preferred language').fill('Twi');
    await page.getByLabel('Needs an interpreter').check();
    await page.getByLabel('Unpaid carer').check();
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByRole('heading', { name: 'Precious Mensah' }).waitFor();
    await page.getByText('Twi (needs an interpreter)').waitFor();
    await page.getByText('Unpaid carer').waitFor();
    await page.getByText('NR3 1HG').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'casework-01-client');
  });

  it('opens a case and records a note, a key date, a document and an outcome', async () => {
    await page.getByRole('link', { name: 'Open a case' }).click();
    await page.getByRole('heading', { name: 'Open a case for Precious Mensah' }).waitFor();
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.getByText('Choose at least one issue').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('Welfare benefits').check();
    await page.getByLabel('Summary').fill('Carer’s Allowance claim refused');
    await page.getByRole('button', { name: 'Open case' }).click();
    const heading = page.getByRole('heading', {
      name: /^Case HC-(?:[A-Z]{1,3}-)?\d{4}-\d{4}: Precious Mensah$/,
    });
    await heading.waitFor();
    reference =
      /HC-(?:[A-Z]{1,3}-)?\d{4}-\d{4}/.exec((await heading.textContent()) ?? '')?.[0] ?? '';
    // The desk's own letters (#5) keep it apart from the agency's other desks.
    expect(reference).toMatch(/^HC-[A-HJ-NP-Z]{1,3}-\d{4}-\d{4}$/);

    await page
      .getByLabel('New note')
      .fill('Asked for a mandatory reconsideration of the carers decision');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('ol.notes').getByText('mandatory reconsideration').waitFor();

    await page.getByLabel('Task or key date').selectOption('key-date');
    await page.getByLabel('What needs doing, or what the date is').fill('Reconsideration deadline');
    await page.getByLabel('Due on').fill('2027-01-20');
    await page.getByLabel('Remind me on').fill('2027-01-25');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('The reminder must be on or before the date it is due').first().waitFor();
    await page.getByLabel('Remind me on').fill('2027-01-13');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .locator('ul.tasks')
      .getByText(/Key date: Reconsideration deadline/)
      .waitFor();

    // A program renamed to .pdf is refused, with words saying why.
    await page.getByLabel('Add a document').setInputFiles({
      name: 'letter.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ this is not a pdf'),
    });
    await page.getByText('That file is not what its type says').waitFor();
    await page.getByLabel('Add a document').setInputFiles({
      name: 'decision-letter.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        'DWP decision: Carer’s Allowance not awarded.\nYou can ask us to look again.',
      ),
    });
    await page.getByRole('cell', { name: 'decision-letter.txt', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Open decision-letter.txt' }).click();
    await page
      .getByRole('region', { name: 'Preview of decision-letter.txt' })
      .getByText('Carer’s Allowance not awarded')
      .waitFor();
    await expectAccessible(page);

    await page.getByLabel('Kind of outcome').selectOption('benefit-gained');
    await page.getByLabel('Which benefit, debt or grant').fill('Carer’s Allowance');
    await page.getByLabel('Amount in pounds').fill('lots');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByText('Enter an amount in pounds, like 1250 or 1,250.50').first().waitFor();
    await page.getByLabel('Amount in pounds').fill('83.30');
    await page.getByLabel('How often').selectOption('weekly');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByText('Benefit gained or increased: Carer’s Allowance, £83.30 a week').waitFor();
    await page.getByText('Financial gain for the client over a year: £4,331.60').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'casework-02-case');
  });

  it('shows everything on the client’s timeline', async () => {
    await page.getByRole('link', { name: 'Back to Precious Mensah' }).click();
    await page.getByRole('heading', { name: 'Precious Mensah' }).waitFor();
    const timeline = page.locator('ol.timeline');
    await timeline.getByText(/Note by .*mandatory reconsideration/).waitFor();
    await timeline.getByText(/Key date added: Reconsideration deadline/).waitFor();
    await timeline.getByText(/Document added: decision-letter\.txt/).waitFor();
    await timeline.getByText(/Outcome: Benefit gained/).waitFor();
    await timeline.getByText('Case opened').waitFor();
    await page.getByRole('link', { name: reference }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'casework-03-timeline');
  });

  it('finds the client by name, postcode, case reference and note text', async () => {
    const row = () => page.getByRole('row', { name: /Precious Mensah/ });
    await search('mensah prec');
    await expect.poll(() => row().textContent()).toContain('Name');
    await expectAccessible(page);
    await search('NR31HG');
    await expect.poll(() => row().textContent()).toContain('Postcode');
    await search(reference.toLowerCase());
    await expect.poll(() => row().textContent()).toContain(`Case reference in ${reference}`);
    await search('reconsideration carers');
    await expect.poll(() => row().textContent()).toContain('Case note');
    await expectAccessible(page);
    await screenshot(page, 'casework-04-search');
    await search('nobody-by-this-name');
    await page.getByText('No client matches that search.').waitFor();
  });

  it('backs up to a folder the adviser chooses, checked after writing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'handover-e2e-backups-'));
    try {
      await page.getByRole('link', { name: 'Backups' }).click();
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      await page.getByText('No backup yet.').waitFor();
      // The typed path, kept as a fallback (e2e/backup-folder.test.ts chooses one).
      await page.getByText('Type the folder’s path instead').click();
      await page.getByLabel('Backup folder path').fill('not/a/full/path');
      await page.getByRole('button', { name: 'Save backup settings' }).click();
      await page.getByText('Handover cannot find that folder').waitFor();
      await page.getByLabel('Backup folder path').fill(folder);
      await page.getByLabel('How often').selectOption({ label: 'Every day' });
      await page.getByLabel('Backups to keep').selectOption({ label: 'The last 5' });
      await page.getByRole('button', { name: 'Save backup settings' }).click();
      await page.getByText('Backup settings saved.').waitFor();
      expect((await desk.desk.handlers['backup.status']({})).keep).toBe(5);
      await page.getByRole('button', { name: 'Back up now' }).click();
      await page.getByText('Backed up and checked.').waitFor();
      await expectAccessible(page);
      await screenshot(page, 'casework-05-backups');
      expect(readdirSync(folder)).toEqual([expect.stringMatching(/^handover-backup-/)]);

      // The retention rule shows what it would do before it acts.
      await page.getByRole('link', { name: /retention/ }).click();
      const years = page.getByLabel('Anonymise cases closed more than this many years ago');
      await years.fill('six');
      await page.getByRole('button', { name: 'Show the cases' }).click();
      await page.getByText('Enter a whole number of years, from 1 to 100.').waitFor();
      await years.fill('6');
      await page.getByRole('button', { name: 'Show the cases' }).click();
      await page.getByText('No cases are due to be anonymised.').waitFor();
      await expectAccessible(page);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exports everything held about a client, and erases a client on request', async () => {
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: 'Add a client' }).click();
    await page.getByLabel('Full name').fill('Temporary Quimby');
    await page.getByLabel('Postcode').fill('NR9 9ZZ');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByRole('heading', { name: 'Temporary Quimby' }).waitFor();

    await page.getByRole('button', { name: /Prepare a copy of everything held/ }).click();
    const link = page.getByRole('link', { name: /Save subject-access-Temporary-Quimby-/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain('Information held about Temporary Quimby');
    expect(text).toContain('NR9 9ZZ');
    await expectAccessible(page);

    await page.getByText('Erase Temporary Quimby from this computer').click();
    await page.getByLabel('Type the client’s full name to confirm').fill('Someone Else');
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByText('The name you typed is not this client’s name').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Type the client’s full name to confirm').fill('temporary quimby');
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'The client was erased from this computer.' })
      .waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Quimby');
    await page.getByLabel('Find a client').fill('quimby');
    await page.getByText('No client matches that search.').waitFor();
  });

  it('imports a client list from CSV only when every row is right', async () => {
    const bad = [
      'Client Name,DOB,Email,Post Code',
      'Ada Importwell,17/05/1980,ada@example.org,NR1 1AA',
      'Bert Importwell,31/02/1990,not-an-email,NR1 1AB',
      ',01/01/1970,,NR1 1AC',
    ].join('\n');
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('link', { name: 'Import a client list' }).click();
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('heading', { name: '3 rows, 2 with problems' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('2');
    const row = (line: string) => page.getByRole('row', { name: new RegExp(`^${line} `) });
    await expect
      .poll(() => row('3').textContent())
      .toContain('Date of birth: Enter the date like 17/05/1980');
    await expect.poll(() => row('3').textContent()).toContain('Email: Enter an email address');
    await expect.poll(() => row('4').textContent()).toContain('Full name: Enter the client’s name');
    await page.getByText('Nothing will be imported until these problems are fixed.').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ clients$/ }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'casework-06-import-problems');
    await search('importwell');
    await page.getByText('No client matches that search.').waitFor();

    const fixed = [
      'Client Name,DOB,Email,Post Code',
      'Ada Importwell,17/05/1980,ada@example.org,NR1 1AA',
      'Bert Importwell,28/02/1990,bert@example.org,NR1 1AB',
      'Cora Importwell,01/01/1970,,NR1 1AC',
    ].join('\n');
    await page.getByRole('link', { name: 'Import a client list' }).click();
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await page.getByRole('heading', { name: '3 rows, no problems' }).waitFor();
    await page.getByRole('button', { name: 'Import 3 clients' }).click();
    await page.getByText('3 clients imported.').waitFor();
    await expectAccessible(page);
    await search('importwell bert');
    await page.getByRole('link', { name: 'Bert Importwell' }).waitFor();
  });

  it('locks on demand, hiding every client detail until the passphrase is given', async () => {
    await search('mensah');
    await page.getByRole('link', { name: 'Precious Mensah' }).waitFor();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    expect(await page.getByText('Precious Mensah').count()).toBe(0);
    await expectAccessible(page);
    await page.getByLabel('Passphrase', { exact: true }).fill('not it at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passphrase does not unlock the casework').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await search('mensah');
    await page.getByRole('link', { name: 'Precious Mensah' }).waitFor();
  });

  it('reopens the casework with the recovery key when the passphrase is forgotten', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill('alice@northgate.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Unlock your casework' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('a passphrase I forgot');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passphrase does not unlock the casework').waitFor();
    await page.getByText('Forgotten your passphrase? Use your recovery key').click();
    await page.getByLabel('Recovery key').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
    await page.getByLabel('New passphrase').fill('a fresh passphrase now');
    await page.getByRole('button', { name: 'Reopen my casework' }).click();
    await page.getByText('That recovery key does not open the casework').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Recovery key').fill(recoveryKey.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Reopen my casework' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await search('mensah');
    await page.getByRole('link', { name: 'Precious Mensah' }).waitFor();
  });
});
