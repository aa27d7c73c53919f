import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '#server/admin/directory.ts';
import { totpCode } from '#server/auth/totp.ts';
import { sendCommand } from '#server/test-support/network.ts';
import { startSmtp } from '#server/test-support/smtp.ts';
import { launchBrowser } from '#test/browser.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';

/**
 * The network's coordinator on the desk (#6): signs in (no agency, no
 * casework), invites a new agency's lead, sees the network's overdue
 * referrals and figures without any client's details, searches the audit
 * log, and sets the two-factor rule.
 */
const ONE_TIME = 'Kx7pQ-2mWzr-9TbnH-4vYcL';
const CHOSEN = 'tide tables and a lighthouse';
const DAY = 24 * 60 * 60 * 1000;
const CLIENT = 'Jane Testclient'; // the name sendCommand puts in the referral's payload

let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let context: BrowserContext;
let page: Page;
// The server's clock runs a month behind while the late referral is sent.
let behindMs = 0;
let leadCode = '';
let smtp: Awaited<ReturnType<typeof startSmtp>>;

const api = async (path: string, token: string | null, body?: unknown) =>
  fetch(`${net.server.url}${API}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const apiSignIn = async (email: string, password: string) => {
  const res = await api('/auth/sign-in', null, { email, password, device: 'test' });
  expect(res.status).toBe(200);
  return signInResponseSchema.parse(await res.json()).token;
};

const rule = async () =>
  (
    await net.server.db.query<{ required: boolean | null }>(
      `select (settings->>'requireTwoFactor')::boolean as required from network`,
    )
  )[0]?.required;

const noClientDetails = async () => {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toContain(CLIENT);
  expect(text).not.toContain('07700 900123');
  expect(text).not.toContain('No food in the house');
};

beforeAll(async () => {
  // No periodic jobs: the late referral must stay late rather than close as "no response".
  // A real SMTP server: the lead's invitation is emailed to them.
  smtp = await startSmtp();
  net = await startTestNetwork({
    now: () => new Date(Date.now() - behindMs),
    jobsEveryMs: 0,
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: null,
      password: null,
      from: 'Handover <handover@network.test>',
      appUrl: null,
    },
  });
  const made = await createUser(net.server.db, {
    email: 'co@network.test',
    name: 'Sam Coordinator',
    role: 'coordinator',
    organisationId: null,
    // As `npm run admin -- create-network` makes them: a one-time password to replace.
    password: ONE_TIME,
    mustChangePassword: true,
  });
  if (!made.ok) throw new Error('coordinator set-up failed');
  // A referral sent a month ago and never acknowledged: overdue today.
  behindMs = 30 * DAY;
  const alice = await apiSignIn('alice@northgate.test', PASSWORD);
  const res = await api('/commands', alice, {
    commands: [sendCommand(net.services.foodParcels.id)],
  });
  expect(commandResultsSchema.parse(await res.json()).results[0]?.status).toBe('applied');
  behindMs = 0;
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
  await smtp.close();
});

describe('the coordinator on the desk', () => {
  it('signs in with the one-time password, must choose their own, and lands in the network area', async () => {
    await page.goto(desk.host.url);
    await page.getByLabel('Email address').fill('co@network.test');
    await page.getByLabel('Password').fill(ONE_TIME);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The server opens no session for a one-time password: first, a password of their own.
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    expect(
      await net.server.db.query(
        `select 1 from sessions s join users u on u.id = s.user_id where u.email = 'co@network.test'`,
      ),
    ).toEqual([]);
    await page.getByLabel('Choose your password').fill(CHOSEN);
    await page.getByLabel('Your password again').fill('tide tables and a lamp');
    await page.getByRole('button', { name: 'Save my password and sign in' }).click();
    await page.getByText('The two passwords are not the same').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('Choose your password').fill(ONE_TIME);
    await page.getByLabel('Your password again').fill(ONE_TIME);
    await page.getByRole('button', { name: 'Save my password and sign in' }).click();
    await page.getByText('Choose a new password, not the one-time password').waitFor();
    await page.getByLabel('Choose your password').fill(CHOSEN);
    await page.getByLabel('Your password again').fill(CHOSEN);
    await page.getByRole('button', { name: 'Save my password and sign in' }).click();
    // A coordinator holds no casework: no passphrase to choose, no recovery key (#12).
    await page.getByRole('heading', { name: 'Organisations in the network' }).waitFor();
    await page.getByText('Sam Coordinator, network coordinator').waitFor();
    // Everyone accepts the user agreement, coordinators too.
    await page.getByText('It covers everyone who uses Handover, coordinators too.').waitFor();
    // No casework screens for a coordinator, even by address.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Clients' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: /Referrals in/ }).count()).toBe(0);
    await page.goto(`${desk.host.url.replace(/#.*$/, '')}#/clients`);
    await page.getByRole('heading', { name: 'Organisations in the network' }).waitFor();
    await page.getByRole('cell', { name: 'Riverside Foodbank' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'network-01-organisations');
  });

  it('invites the lead of a new agency: the code is emailed to them, and works', async () => {
    await page.getByRole('button', { name: 'Invite this lead' }).click();
    await page.getByText('Enter the agency’s name').first().waitFor();
    await page.getByText('Enter the lead’s work email address').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('The agency’s name').fill('Newtown Welfare Rights');
    await page.getByLabel('Where the agency works').selectOption('scotland');
    await page.getByLabel('The lead’s name').fill('Nia Lead');
    await page.getByLabel('The lead’s work email address').fill('nia@newtown.test');
    await page.getByRole('button', { name: 'Invite this lead' }).click();
    await page.getByText(/The invitation has been emailed to Nia Lead/).waitFor();
    leadCode = (await page.locator('.notice .code strong').textContent()) ?? '';
    expect(leadCode).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    // The email carries the same code, and no client's details.
    expect(smtp.inbox.map((m) => m.to)).toEqual([['nia@newtown.test']]);
    expect(smtp.inbox[0]?.text).toContain(`    ${leadCode}`);
    expect(smtp.inbox[0]?.text).toContain('as the lead at Newtown Welfare Rights');
    expect(smtp.inbox[0]?.raw).not.toContain(CLIENT);
    // The new agency is listed, waiting for its lead.
    const row = page.getByRole('row', { name: /Newtown Welfare Rights/ });
    await row.getByRole('cell', { name: 'No lead yet' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'network-02-invited');

    const joined = await api('/invitations/accept', null, {
      email: 'nia@newtown.test',
      code: leadCode,
      password: 'a quiet morning by the canal',
    });
    expect(joined.status).toBe(204);
    const [org] = await net.server.db.query<{ nation: string; role: string }>(
      `select o.nation, u.role from users u join organisations o on o.id = u.organisation_id
        where u.email = 'nia@newtown.test'`,
    );
    expect(org).toEqual({ nation: 'scotland', role: 'lead' });
  });

  it('sees the network’s overdue referrals without any client details', async () => {
    await page.getByRole('link', { name: 'Overdue referrals' }).click();
    await page.getByRole('heading', { name: 'Overdue referrals in the network' }).waitFor();
    const row = page.getByRole('row', { name: /Riverside Foodbank/ });
    await row.getByRole('cell', { name: 'Emergency food parcels' }).waitFor();
    await row.getByRole('cell', { name: 'Northgate Advice Centre' }).waitFor();
    await row.getByRole('cell', { name: 'Not acknowledged' }).waitFor();
    await noClientDetails();
    await expectAccessible(page);
    await screenshot(page, 'network-03-overdue');
  });

  it('sees the network’s figures', async () => {
    await page.getByRole('link', { name: 'Figures' }).click();
    await page.getByRole('heading', { name: 'Network figures' }).waitFor();
    await page.getByText('1 referral has been made').waitFor();
    const sent = page.getByRole('row', { name: /^Sent/ });
    expect(await sent.getByRole('cell').textContent()).toBe('1');
    await noClientDetails();
    await expectAccessible(page);
  });

  it('searches the audit log', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The latest first, before any search: Nia joining.
    await page.getByRole('cell', { name: 'Joined with an invitation' }).first().waitFor();
    await page.getByLabel('What was done').selectOption({ label: 'Made an invitation' });
    await page.getByRole('button', { name: 'Search the audit log' }).click();
    await page.getByRole('caption').filter({ hasText: '1 entry' }).waitFor();
    const made = page.getByRole('row', { name: /Made an invitation/ });
    await made.getByRole('cell', { name: 'Sam Coordinator' }).waitFor();

    await page.getByLabel('What was done').selectOption({ label: 'Anything' });
    await page
      .getByLabel('Who did it')
      .selectOption({ label: 'Alice Adviser (alice@northgate.test)' });
    await page.getByRole('button', { name: 'Search the audit log' }).click();
    await page.getByRole('cell', { name: 'Sent a referral' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Made an invitation' }).count()).toBe(0);
    // What an entry is about, in names: never a raw id, never the client (#12).
    const sentRow = page.getByRole('row', { name: /Sent a referral/ }).first();
    await expect
      .poll(() => sentRow.getByRole('cell').nth(3).textContent())
      .toMatch(/^Referral from Northgate Advice Centre to Riverside Foodbank \(.+\), sent /);

    // Nothing before the network existed.
    await page.getByLabel('Who did it').selectOption({ label: 'Anyone' });
    await page.getByLabel('To (date)').fill('2001-01-01');
    await page.getByRole('button', { name: 'Search the audit log' }).click();
    await page.getByText('Nothing in the audit log matches that search.').waitFor();
    // A "from" after the "to" is a slip, and said so (#12).
    await page.getByLabel('From (date)').fill('2001-02-01');
    await page.getByRole('button', { name: 'Search the audit log' }).click();
    await page
      .locator('.error-message')
      .filter({ hasText: 'they are the wrong way round' })
      .waitFor();
    await expectAccessible(page);
    await page.getByLabel('From (date)').fill('');
    await expectAccessible(page);
    await screenshot(page, 'network-04-audit');
  });

  it('requires two-factor sign-in of leads and coordinators once their own is on, and stops again', async () => {
    await page.getByRole('link', { name: 'Two-factor rule' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in for the network' }).waitFor();
    await expectAccessible(page);
    const require = page.getByRole('button', {
      name: 'Require two-factor sign-in for leads and coordinators',
    });
    // Not while the coordinator has none: the rule would shut them out.
    await require.click();
    await page.getByText('Turn on two-factor sign-in for your own account first').waitFor();
    expect(await rule()).not.toBe(true);

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account and agreements' }).waitFor();
    // No agency, so no data-sharing agreement; the network's accounts instead.
    expect(await page.getByRole('heading', { name: /data-sharing/i }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Accounts in the network' }).waitFor();
    await page.getByRole('button', { name: 'I accept the user agreement' }).click();
    await page.getByText(/You accepted this on/).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.locator('#two-factor ~ .code strong').textContent()) ?? '';
    await page
      .getByLabel('The six-digit code your app shows now')
      .fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText('Two-factor sign-in is on').waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Two-factor rule' }).click();
    await require.click();
    await page
      .getByText('Saved: leads and coordinators must now use two-factor sign-in.')
      .waitFor();
    expect(await rule()).toBe(true);
    await page.getByRole('button', { name: 'Stop requiring two-factor sign-in' }).click();
    await page.getByText('Saved: two-factor sign-in is now a choice for everyone.').waitFor();
    expect(await rule()).toBe(false);
  });
});
