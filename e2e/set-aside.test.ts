import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newId } from '#src/ids.ts';
import { enqueue } from '#main/store/outbox.ts';
import { launchBrowser } from '#test/browser.ts';
import { withDeskStore } from '#test/desks.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { PASSPHRASE, SECOND, addClient, referForFood, signIn } from '#e2e/advisers.ts';
import { expectAccessible, screenshot, startWebDesk } from '#e2e/support.ts';
import type { WebDesk } from '#e2e/support.ts';

/**
 * Messages set aside (#12), in the browser: two commands the network will
 * not take are in the adviser's outbox (a note too long for the network, and
 * an acknowledgement of a referral the network does not know). The header
 * says two messages were not sent; the adviser opens them by keyboard, reads
 * why in plain words, shortens the note and sends it again (it reaches the
 * network), and discards the other.
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
});

afterAll(async () => {
  await browser.close();
  await desk.desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
});

const notesOnServer = async (referralId: string): Promise<string[]> =>
  (
    await net.server.db.query<{ text: string }>(
      `SELECT data->>'text' AS text FROM referral_events
       WHERE referral_id = $1 AND type = 'note' ORDER BY n`,
      [referralId],
    )
  ).map((r) => r.text);

describe('messages the network did not take', () => {
  it('are shown with why, and can be fixed and sent again, or discarded, by keyboard', async () => {
    await signIn(page, desk.host.url, 'alice@northgate.test');
    await addClient(page, 'Petra Poison', 'NR1 1AA');
    await referForFood(page, 'Petra Poison', 'Petra needs a food parcel this week');
    const [referral] = (await desk.desk.handlers['referrals.list']({ direction: 'outgoing' })).map(
      (r) => r.referral.id,
    );
    if (referral === undefined) throw new Error('the referral is not on the desk');

    const h = desk.desk.handlers;
    await withDeskStore(
      { desk: desk.desk, dir: desk.dir, h },
      (db) => {
        const at = new Date();
        enqueue(
          db,
          {
            type: 'referral.note',
            mutationId: newId(),
            referralId: referral,
            noteId: newId(),
            text: `Petra rang. ${'She explained at length. '.repeat(250)}`,
          },
          at,
        );
        enqueue(db, { type: 'referral.acknowledge', mutationId: newId(), referralId: newId() }, at);
      },
      PASSPHRASE,
    );
    await h['sync.now']({});

    const link = page.getByRole('link', { name: '2 messages not sent' });
    await link.waitFor({ timeout: 10 * SECOND });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Messages not sent', level: 1 }).waitFor();
    const note = page.getByRole('region', { name: 'A note on a referral' });
    await note
      .getByText('The network refused it. The network refused this message as it is')
      .waitFor();
    const other = page.getByRole('region', { name: 'Acknowledging a referral' });
    await other.getByText('The network said no.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'set-aside');

    // Fix the words and send again, by keyboard.
    const words = note.getByLabel('Your words');
    await words.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Petra rang: she can collect on Friday.');
    await page.keyboard.press('Tab');
    await expect
      .poll(async () => String(await page.evaluate('document.activeElement?.textContent ?? ""')))
      .toBe('Send again');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'A note on a referral: sent again.' })
      .waitFor();
    await expect
      .poll(() => notesOnServer(referral), { timeout: 10 * SECOND })
      .toEqual(['Petra rang: she can collect on Friday.']);
    await page.getByRole('link', { name: '1 message not sent' }).waitFor();

    // Discard the other, by keyboard.
    await other.getByRole('button', { name: 'Discard' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Nothing is set aside.', { exact: false }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Acknowledging a referral: discarded.' })
      .waitFor();
    await expect.poll(() => page.getByRole('link', { name: /not sent/ }).count()).toBe(0);
    expect(await h['sync.status']({})).toMatchObject({ waiting: 0, setAside: 0 });
    await expectAccessible(page);
  });
});
