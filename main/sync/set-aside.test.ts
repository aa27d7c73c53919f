import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import { enqueue } from '#main/store/outbox.ts';
import {
  addTestClient,
  referToFood,
  signInAndUnlock,
  testDesks,
  waitFor,
  withDeskStore,
} from '#test/desks.ts';
import type { TestDesk } from '#test/desks.ts';
import { startFaultProxy } from '#test/fault-proxy.ts';
import type { FaultProxy } from '#test/fault-proxy.ts';
import { startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * No command may jam the outbox (#12). Two poison commands go first in a
 * real encrypted desk's line: one the real server refuses for good (a note
 * too long for its schema: 400), and one it fails on every time (a 500 for
 * that one command, injected by a proxy in front of the real server). Good
 * commands behind them must reach the server; the poisons are set aside with
 * their reasons; a later command about the refused one's referral waits with
 * it, and goes, in order, once the adviser fixes and resends it.
 */
const FAULT = 'fault-marker-7f3a';
const MAX_ATTEMPTS = 3;

let net: TestNetwork;
let fault: FaultProxy;
let proxy: CuttableProxy;
const desks = testDesks();

beforeAll(async () => {
  net = await startTestNetwork();
  fault = await startFaultProxy(net.server.port, FAULT);
  proxy = await startProxy(fault.port);
});

afterAll(async () => {
  await desks.closeAll();
  await proxy.close();
  await fault.close();
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

const onServer = async (referralId: string): Promise<boolean> =>
  (await net.server.db.query('SELECT 1 FROM referrals WHERE id = $1', [referralId])).length === 1;

const note = async (d: TestDesk, referralId: string, text: string) => {
  const done = await d.h['referrals.act']({ id: referralId, input: { action: 'note', text } });
  expect(done.ok).toBe(true);
};

describe('a command the network will not take', () => {
  it('is set aside with its reason, and everything behind it reaches the server', async () => {
    const a = await desks.open(proxy.url, { maxAttempts: MAX_ATTEMPTS });
    await signInAndUnlock(a.h, proxy.url, 'alice@northgate.test');
    const first = await referToFood(
      a.h,
      await addTestClient(a.h, { name: 'Ann One', phone: null }),
      'Food for two',
    );
    const second = await referToFood(
      a.h,
      await addTestClient(a.h, { name: 'Ben Two', phone: null }),
      'Food for one',
    );
    await waitFor(async () => ((await a.h['sync.status']({})).waiting === 0 ? true : null));
    expect(await onServer(first)).toBe(true);
    expect(await onServer(second)).toBe(true);

    // Offline, so the line is built in a known order: the poisons first.
    proxy.cut();
    const refused = newId();
    const failing = newId();
    await withDeskStore(a, (db) => {
      const at = new Date();
      enqueue(
        db,
        {
          type: 'referral.note',
          mutationId: refused,
          referralId: first,
          noteId: newId(),
          text: 'x'.repeat(6000),
        },
        at,
      );
      enqueue(
        db,
        {
          type: 'referral.note',
          mutationId: failing,
          referralId: second,
          noteId: newId(),
          text: `Called ${FAULT}`,
        },
        at,
      );
    });
    await note(a, first, 'Rang the client back'); // about the refused one's referral: waits with it
    const third = await referToFood(
      a.h,
      await addTestClient(a.h, { name: 'Cy Three', phone: null }),
      'Food for three',
    );
    await note(a, third, 'Collects on Friday');
    await note(a, second, 'A later note on the second');
    expect((await a.h['sync.status']({})).waiting).toBe(6);

    proxy.restore();
    await a.h['sync.now']({});
    // The good commands behind the poisons arrive.
    await waitFor(async () => ((await notesOnServer(third)).length === 1 ? true : null));
    expect(await notesOnServer(third)).toEqual(['Collects on Friday']);
    // The failing one backs off on its own, then is set aside after MAX_ATTEMPTS.
    const status = await waitFor(async () => {
      const s = await a.h['sync.status']({});
      return s.setAside === 2 ? s : null;
    });
    // Each poison holds the later note about its own referral.
    expect(status).toMatchObject({ waiting: 2, setAside: 2 });
    expect(fault.faults()).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(await notesOnServer(second)).toEqual([]);
    expect(await notesOnServer(first)).toEqual([]);

    const list = await a.h['outbox.setAside']({});
    expect(list).toEqual([
      expect.objectContaining({
        mutationId: refused,
        type: 'referral.note',
        referralId: first,
        kind: 'refused',
        reason: 'command-unreadable',
        text: 'x'.repeat(6000),
        held: 1,
      }),
      expect.objectContaining({
        mutationId: failing,
        referralId: second,
        kind: 'undeliverable',
        reason: 'command-undeliverable',
        text: `Called ${FAULT}`,
        held: 1,
      }),
    ]);
    // The referral says so too.
    expect(await a.h['referrals.get']({ id: first })).toMatchObject({
      ok: true,
      value: { refused: 'command-unreadable' },
    });

    // Fixed and sent again: it goes, and the note held behind it follows, in order.
    const resent = await a.h['outbox.resend']({ mutationId: refused, text: 'Shorter now' });
    expect(resent).toMatchObject({ ok: true });
    await waitFor(async () => ((await notesOnServer(first)).length === 2 ? true : null));
    expect(await notesOnServer(first)).toEqual(['Shorter now', 'Rang the client back']);

    // Discarded: gone, nothing of it reaches the server, and the note it held goes.
    expect(await a.h['outbox.discard']({ mutationId: failing })).toEqual({ ok: true, value: [] });
    await waitFor(async () => ((await notesOnServer(second)).length === 1 ? true : null));
    expect(await notesOnServer(second)).toEqual(['A later note on the second']);
    await waitFor(async () => ((await a.h['sync.status']({})).waiting === 0 ? true : null));
    expect(await a.h['sync.status']({})).toMatchObject({ waiting: 0, setAside: 0 });
    expect(await a.h['outbox.discard']({ mutationId: failing })).toEqual({
      ok: false,
      reason: 'set-aside-not-found',
    });
  });
});
