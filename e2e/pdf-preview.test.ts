import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '#test/browser.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { buildPdf } from '#test/pdf-fixture.ts';
import { DOCUMENT_CHUNK_BYTES } from '#src/casework/schemas.ts';
import { addClient, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Case documents in a real browser (#5): a two-page PDF is kept with a case
 * and shown inside the app by pdf.js — its pages really drawn on a canvas,
 * turned from the keyboard, their words readable by screen readers — while a
 * damaged or password-protected PDF gets a plain message and can still be
 * saved. A Word file is kept and saved but not shown. A 6 MB document goes in
 * through the browser and comes back out byte for byte.
 */
let net: TestNetwork;
let desk: WebDesk;
let browser: Browser;
let page: Page;
/** What the page said on its console: pdf.js's fallbacks and CSP refusals show up here. */
const consoleLines: string[] = [];

const TWO_PAGES = buildPdf([
  ['Notice of decision', 'Council tax reduction'],
  ['Page two: how to appeal', 'Write to us within one month'],
]);

/**
 * Dark, opaque pixels on the preview's canvas, when the rest of it is white
 * paper: more than a few means the page (and its text) was really drawn. An
 * untouched canvas is transparent and counts as nothing. Runs in the page
 * (written as a string: the tests have no DOM types).
 */
const INK = `(canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  let paper = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] !== 255) continue;
    const sum = data[i] + data[i + 1] + data[i + 2];
    if (sum < 300) ink += 1;
    else if (sum === 765) paper += 1;
  }
  return paper > ink * 10 ? ink : -1;
}`;
const inkOnCanvas = async (): Promise<number> =>
  Number(await page.evaluate(`(${INK})(document.querySelector('.pdf-frame canvas'))`));

/** What pdf.js or the browser complained about: fallbacks, CSP refusals, pdf.js warnings. */
const troubles = (): string[] =>
  consoleLines.filter((l) => /fake worker|Content.Security.Policy|Refused to|^Warning:/i.test(l));

/** pdf.js workers running in the page. */
const pdfWorkers = (): number =>
  page.workers().filter((w) => /\/assets\/pdf\.worker[^/]*\.mjs$/.test(w.url())).length;

/** The accessible name of whatever has the keyboard focus. */
const focused = async (): Promise<string> =>
  String(await page.evaluate('document.activeElement?.textContent ?? ""'));

const addDocument = async (name: string, mimeType: string, buffer: Buffer): Promise<void> => {
  await page.getByLabel('Add a document').setInputFiles({ name, mimeType, buffer });
  await page.getByRole('cell', { name, exact: true }).waitFor({ timeout: 30_000 });
};

const open = async (name: string) => {
  await page.getByRole('button', { name: `Open ${name}` }).click();
  return page.getByRole('region', { name: `Preview of ${name}` });
};

beforeAll(async () => {
  net = await startTestNetwork();
  desk = await startWebDesk(net.server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  await signIn(page, desk.host.url, 'alice@northgate.test');
  await addClient(page, 'Joy Adebayo', 'NR1 3QU');
  await page.getByRole('link', { name: 'Open a case' }).click();
  await page.getByLabel('Housing').check();
  await page.getByLabel('Summary').fill('Council tax reduction refused');
  await page.getByRole('button', { name: 'Open case' }).click();
  await page.getByRole('heading', { name: /^Case HC-.*: Joy Adebayo$/ }).waitFor();
});

afterAll(async () => {
  await browser.close();
  // Signed out first: see main/casework/handlers.test.ts.
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
});

describe('PDF preview of a case document', () => {
  it('draws each page, turns pages from the keyboard and exposes the page’s text', async () => {
    await addDocument('decision.pdf', 'application/pdf', TWO_PAGES);
    const preview = await open('decision.pdf');
    await preview.getByText('Page 1 of 2').waitFor();
    // The focus moves to the preview that opened.
    expect(await focused()).toBe('decision.pdf');
    const canvas = preview.locator('canvas[data-painted="yes"]');
    await canvas.waitFor();
    expect(await canvas.getAttribute('aria-label')).toMatch(/^Page 1 of 2 of decision\.pdf/);
    expect(await inkOnCanvas()).toBeGreaterThan(100);

    // The page's words, for screen-reader users, behind a disclosure.
    await preview.getByText('Text of this page').click();
    await preview.locator('.pdf-text pre').getByText('Notice of decision').waitFor();
    expect(await preview.locator('.pdf-text pre').textContent()).toContain('Council tax reduction');
    await expectAccessible(page);
    await screenshot(page, 'pdf-preview-01-page-one');

    // pdf.js parsed the file in its own worker, from the app's files, under
    // the strict CSP: no main-thread fallback, nothing refused.
    expect(pdfWorkers()).toBe(1);
    expect(troubles()).toEqual([]);
    // Its plain-JavaScript decoders for scanned pages are there to fetch.
    expect(
      await page.evaluate(async () => {
        const res = await fetch('pdfjs/wasm/jbig2_nowasm_fallback.js');
        return `${res.status} ${res.headers.get('content-type') ?? ''}`;
      }),
    ).toMatch(/^200 text\/javascript/);

    // Next page from the keyboard: Tab from Previous to Next, press Enter.
    const next = preview.getByRole('button', { name: 'Next page' });
    await preview.getByRole('button', { name: 'Previous page' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Next page');
    await page.keyboard.press('Enter');
    await preview.getByText('Page 2 of 2').waitFor();
    await preview.locator('.pdf-text pre').getByText('Page two: how to appeal').waitFor();
    await canvas.waitFor();
    expect(await canvas.getAttribute('aria-label')).toMatch(/^Page 2 of 2/);
    expect(await inkOnCanvas()).toBeGreaterThan(100);
    // At the last page, Next stays put (and keeps the focus).
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Enter');
    await preview.getByText('Page 2 of 2').waitFor();
    expect(await focused()).toBe('Next page');

    // The left arrow key turns back, from the page itself.
    await preview.getByRole('group', { name: /^Page 2 of decision\.pdf/ }).focus();
    await page.keyboard.press('ArrowLeft');
    await preview.getByText('Page 1 of 2').waitFor();
    await preview.locator('.pdf-text pre').getByText('Notice of decision').waitFor();

    // A larger size draws a wider page.
    // A letter-size page is 612 points wide: 1224 CSS pixels at 200%.
    const width = async (): Promise<number> =>
      Number(
        await page.evaluate(`document.querySelector('canvas[data-painted="yes"]')?.clientWidth`),
      );
    const fitWidth = await width();
    await preview.getByLabel('Size').selectOption({ label: '200%' });
    await expect.poll(width).toBe(1224);
    expect(fitWidth).toBeLessThan(1224);
    await expectAccessible(page);
    await screenshot(page, 'pdf-preview-02-zoomed');
    // Closing the preview destroys the document and ends its worker.
    await preview.getByRole('button', { name: 'Close preview' }).click();
    await expect.poll(pdfWorkers).toBe(0);
  });

  it('draws a PDF that carries its own font, as most real letters do, under the strict CSP', async () => {
    const font = readFileSync(
      resolve(
        import.meta.dirname,
        '..',
        'node_modules',
        'pdfjs-dist',
        'standard_fonts',
        'LiberationSans-Regular.ttf',
      ),
    );
    await addDocument(
      'embedded.pdf',
      'application/pdf',
      buildPdf([['Universal Credit statement', 'Your payment this month']], { embeddedFont: font }),
    );
    const preview = await open('embedded.pdf');
    await preview.locator('canvas[data-painted="yes"]').waitFor();
    expect(await inkOnCanvas()).toBeGreaterThan(100);
    await preview.getByText('Text of this page').click();
    await preview.locator('.pdf-text pre').getByText('Universal Credit statement').waitFor();
    expect(troubles()).toEqual([]);
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('says plainly when a PDF is damaged, and still saves it', async () => {
    const damaged = Buffer.from('%PDF-1.7\nthis file was cut short in the post\n');
    await addDocument('scan-broken.pdf', 'application/pdf', damaged);
    const preview = await open('scan-broken.pdf');
    await preview.getByRole('alert').getByText('This PDF could not be read').waitFor();
    await preview.getByRole('link', { name: 'Save a copy of scan-broken.pdf' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'pdf-preview-03-damaged');
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('opens a PDF protected by a password once the adviser types it, and says when it is wrong', async () => {
    // Really encrypted (RC4, as many payslips are): only this password opens it.
    const payslip = buildPdf([['Payslip for October', 'Net pay 1,204.50']], {
      password: '02031980',
    });
    await addDocument('payslip-locked.pdf', 'application/pdf', payslip);
    const preview = await open('payslip-locked.pdf');
    await preview.getByText('This PDF is protected by a password').waitFor();
    const field = preview.getByLabel('Password for this PDF');
    await field.fill('03021980');
    await field.press('Enter');
    await preview.getByRole('alert').getByText('That password does not open this PDF').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'pdf-preview-04-password');

    await preview.getByLabel('Password for this PDF').fill('02031980');
    await preview.getByRole('button', { name: 'Open the PDF' }).click();
    await preview.getByText('Page 1 of 1').waitFor();
    await preview.locator('canvas[data-painted="yes"]').waitFor();
    await preview.getByText('Text of this page').click();
    await preview.locator('.pdf-text pre').getByText('Net pay 1,204.50').waitFor();
    await preview.getByRole('link', { name: 'Save a copy of payslip-locked.pdf' }).waitFor();
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('keeps a Word document and offers it to save, without showing it', async () => {
    // A minimal .docx: a zip whose directory names word/document.xml.
    const docx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('[Content_Types].xml word/document.xml'),
    ]);
    await addDocument('tenancy.docx', 'application/octet-stream', docx);
    const preview = await open('tenancy.docx');
    await preview
      .getByText('Handover keeps Word and OpenDocument files but cannot show them')
      .waitFor();
    await preview.getByRole('link', { name: 'Save a copy of tenancy.docx' }).waitFor();
    await preview.getByRole('button', { name: 'Close preview' }).click();
  });

  it('takes a 6 MB scan in through the browser and gives it back byte for byte', async () => {
    const big = buildPdf([['Bank statements, six months']], {
      padding: randomBytes(6 * 1024 * 1024),
    });
    expect(big.length).toBeGreaterThan(6 * 1024 * 1024);
    await addDocument('statements.pdf', 'application/pdf', big);

    // Kept in the store exactly as chosen.
    const caseId = /#\/cases\/([0-9a-f-]+)/.exec(page.url())?.[1] ?? '';
    const found = await desk.desk.handlers['cases.get']({ id: caseId });
    if (!found.ok) throw new Error('case not found');
    const kept = found.value.documents.find((d) => d.name === 'statements.pdf');
    expect(kept?.size).toBe(big.length);

    // Previewed, and saved back out unchanged.
    const preview = await open('statements.pdf');
    await preview.locator('canvas[data-painted="yes"]').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      preview.getByRole('link', { name: 'Save a copy of statements.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('statements.pdf');
    const saved = readFileSync(await download.path());
    expect(saved.equals(big)).toBe(true);
  });

  it('sends a large document in pieces, showing how far it has got, and keeps every byte (#12)', async () => {
    const piece = DOCUMENT_CHUNK_BYTES;
    const bare = buildPdf([['Tenancy agreement']]);
    // Four pieces, the last one nearly full.
    const big = buildPdf([['Tenancy agreement']], {
      padding: randomBytes(4 * piece - bare.length - 1000),
    });
    expect(Math.ceil(big.length / piece)).toBe(4);
    const caseId = /#\/cases\/([0-9a-f-]+)/.exec(page.url())?.[1] ?? '';
    // Hold the third piece until the page has shown the first two arriving.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pieces = 0;
    await page.route('**/rpc/cases.documentChunk', async (route) => {
      pieces += 1;
      if (pieces === 3) await held;
      await route.continue();
    });
    try {
      await page.getByLabel('Add a document').setInputFiles({
        name: 'tenancy.pdf',
        mimeType: 'application/pdf',
        buffer: big,
      });
      const bar = page.getByRole('progressbar', { name: 'Adding tenancy.pdf' });
      const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
      const percent = Math.floor(((2 * piece) / big.length) * 100);
      const words = `${mb(2 * piece)} of ${mb(big.length)} (${String(percent)}%)`;
      await page.getByText(words, { exact: true }).waitFor();
      expect(await bar.getAttribute('value')).toBe(String(2 * piece));
      expect(await bar.getAttribute('max')).toBe(String(big.length));
      expect(await bar.getAttribute('aria-valuetext')).toBe(words);
      await page.getByRole('status').getByText('Adding tenancy.pdf…').waitFor();
      await expectAccessible(page);
      await screenshot(page, 'pdf-preview-08-adding-in-pieces');
      release();
      await page.getByRole('cell', { name: 'tenancy.pdf', exact: true }).waitFor();
      await page.getByRole('status').getByText('tenancy.pdf was added.').waitFor();
      expect(await bar.count()).toBe(0);
      expect(pieces).toBe(Math.ceil(big.length / piece));

      const found = await desk.desk.handlers['cases.get']({ id: caseId });
      if (!found.ok) throw new Error('case not found');
      const kept = found.value.documents.find((d) => d.name === 'tenancy.pdf');
      if (kept === undefined) throw new Error('not kept');
      const back = await desk.desk.handlers['cases.getDocument']({ id: kept.id });
      expect(back.ok && Buffer.from(back.value.contentBase64, 'base64').equals(big)).toBe(true);
    } finally {
      release();
      await page.unroute('**/rpc/cases.documentChunk');
    }
  });

  it('stops adding a document when asked, and keeps none of it (#12)', async () => {
    const big = buildPdf([['Rent arrears letter']], {
      padding: randomBytes(3 * DOCUMENT_CHUNK_BYTES),
    });
    const caseId = /#\/cases\/([0-9a-f-]+)/.exec(page.url())?.[1] ?? '';
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pieces = 0;
    let secondArrived = (): void => undefined;
    const second = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    await page.route('**/rpc/cases.documentChunk', async (route) => {
      pieces += 1;
      if (pieces === 2) {
        secondArrived();
        await held;
      }
      await route.continue();
    });
    try {
      await page.getByLabel('Add a document').setInputFiles({
        name: 'arrears.pdf',
        mimeType: 'application/pdf',
        buffer: big,
      });
      // Stop while the second piece is on its way (on a fast machine the
      // button is there before the second piece is even sent).
      await second;
      await page.getByRole('button', { name: 'Stop adding arrears.pdf' }).click();
      release();
      await page.getByRole('status').getByText('Adding arrears.pdf was stopped.').waitFor();
      expect(pieces).toBe(2);
      const found = await desk.desk.handlers['cases.get']({ id: caseId });
      expect(found.ok && found.value.documents.map((d) => d.name)).not.toContain('arrears.pdf');
      await page.getByLabel('Add a document').waitFor({ state: 'visible' });
      expect(await page.getByLabel('Add a document').isEnabled()).toBe(true);
    } finally {
      release();
      await page.unroute('**/rpc/cases.documentChunk');
    }
  });
});
