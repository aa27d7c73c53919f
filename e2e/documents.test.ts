import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork, type TestNetwork } from '#test/network.ts';
import { expectAccessible, screenshot, startWebDesk, type WebDesk } from '#e2e/support.ts';
import { addClient, openReferral, referForFood, SECOND, signIn } from '#e2e/advisers.ts';

/**
 * A document attached to a referral in real browsers (#3): Alice attaches a
 * payslip with the client's consent (a renamed program and a missing consent
 * are refused at her desk); Bob, at the receiving agency, opens it and gets
 * the same bytes.
 */
const PDF = Buffer.from('%PDF-1.4\n% payslip for November\n1 0 obj << >> endobj\n%%EOF\n');

let net: TestNetwork;
const desks: WebDesk[] = [];
let browser: Browser;
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;

const open = async (email: string): Promise<Page> => {
  const desk = await startWebDesk(net.server.url);
  desks.push(desk);
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, desk.host.url, email);
  return page;
};

beforeAll(async () => {
  net = await startTestNetwork();
  browser = await launchBrowser();
  alice = await open('alice@northgate.test');
  bob = await open('bob@riverside.test');
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  for (const desk of desks) await desk.close();
  await net.close();
});

describe('documents on a referral', () => {
  it('are attached by the referrer with consent and opened by the receiver', async () => {
    await addClient(alice, 'Vic Payslip', 'NR1 3AB');
    await referForFood(alice, 'Vic Payslip', 'Food until the next wage.');
    const file = alice.getByLabel('Document to attach');
    // The referral's smaller limit is explained where the document is chosen (#12).
    await alice
      .getByText(/up to 700 KB\. Documents sent with a referral travel through the network/)
      .waitFor();

    // A program renamed to look like a PDF is refused at the desk.
    await file.setInputFiles({
      name: 'payslip.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
    });
    await alice.getByLabel(/The client agrees to sharing this document/).check();
    await alice.getByRole('button', { name: 'Attach document' }).click();
    await alice
      .getByText(/That file cannot be attached/)
      .first()
      .waitFor();
    await expectAccessible(alice);
    await screenshot(alice, 'documents-01-wrong-type-refused');

    // Without the client's consent nothing is sent.
    await file.setInputFiles({ name: 'payslip.pdf', mimeType: 'application/pdf', buffer: PDF });
    await alice.getByLabel(/The client agrees to sharing this document/).uncheck();
    await alice.getByRole('button', { name: 'Attach document' }).click();
    await alice
      .getByText('The client’s consent is needed before a document is shared')
      .first()
      .waitFor();

    await alice.getByLabel(/The client agrees to sharing this document/).check();
    await alice.getByRole('button', { name: 'Attach document' }).click();
    await alice.getByRole('button', { name: 'Open payslip.pdf' }).waitFor({ timeout: 10 * SECOND });
    await expect
      .poll(() => alice.locator('.documents').textContent())
      .toContain(
        'payslip.pdf (PDF, 59 bytes), attached by Alice Adviser (Northgate Advice Centre)',
      );

    await openReferral(bob, 'in', 'Vic Payslip');
    await bob.getByRole('button', { name: 'Open payslip.pdf' }).click({ timeout: 10 * SECOND });
    // The receiver cannot attach: the client's consent is the referrer's to record.
    expect(await bob.getByLabel('Document to attach').count()).toBe(0);
    await expectAccessible(bob);
    await screenshot(bob, 'documents-02-receiver-opens');
    const [download] = await Promise.all([
      bob.waitForEvent('download'),
      bob.getByRole('link', { name: 'Save or open payslip.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('payslip.pdf');
    const saved = await download.path();
    expect((await readFile(saved)).equals(PDF)).toBe(true);

    // Once Bob accepts, his desk has the client's case, and he keeps a copy there.
    await bob.getByRole('button', { name: 'Acknowledge' }).click();
    await bob.getByRole('button', { name: 'Accept', exact: true }).click();
    await bob.getByText('A case was started on your desk from this referral').waitFor();
    await bob.getByRole('button', { name: 'Keep a copy with the case' }).click();
    await bob.getByText('A copy is kept with the case.').waitFor();
    await expectAccessible(bob);
    await bob.getByRole('link', { name: 'open the case' }).click();
    await bob
      .getByRole('heading', { name: /^Case HC-(?:[A-Z]{1,3}-)?\d{4}-\d{4}: Vic Payslip$/ })
      .waitFor();
    await expect
      .poll(() => bob.locator('section[aria-labelledby="documents-heading"]').textContent())
      .toContain('payslip.pdf');
  });
});
