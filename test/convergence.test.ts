import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DeskReferral } from '#src/contract.ts';
import type { referralActionSchema } from '#src/contract.ts';
import { allowedActions } from '#src/referral/lifecycle.ts';
import type { ReferralAction } from '#src/referral/lifecycle.ts';
import type { Referral } from '#src/wire/referral.ts';
import { createUser } from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { readChanges } from '#server/changes/feed.ts';
import { addTestClient, signInAndUnlock, testDesks, waitFor } from '#test/desks.ts';
import type { TestDesk } from '#test/desks.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * Sync convergence (DESIGN.md, "Testing"; #12): random interleavings of
 * commands from three desks of two agencies (Northgate's Alice; Riverside's
 * Bob and Dan, who race each other for the same inbox), with desks going
 * offline and coming back, end with every desk's copy of each referral it
 * may see (status, events, notes) equal to the server's, and every note a
 * desk took from its adviser on the server exactly once, or set aside on
 * that desk with the server's reason; nothing is left waiting.
 *
 * Real server on PGlite, real encrypted desks, each behind a proxy that can
 * cut it off. A fixed seed and a bounded number of runs in CI; for a longer
 * run: CONVERGENCE_RUNS=50 (and CONVERGENCE_SEED=<n> to pick the seed).
 */
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? '5');
const SEED = Number(process.env.CONVERGENCE_SEED ?? '20261202');
const MAX_STEPS = 16;

type Who = 'alice' | 'bob' | 'dan';
const WHO: readonly Who[] = ['alice', 'bob', 'dan'];
const ORG_OF = { alice: 'advice', bob: 'foodbank', dan: 'foodbank' } as const;

type Step =
  | { kind: 'send'; who: Who }
  | { kind: 'act'; who: Who; pick: number; choice: number }
  | { kind: 'offline'; who: Who }
  | { kind: 'online'; who: Who }
  | { kind: 'sync'; who: Who };

const who = fc.constantFrom(...WHO);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), who }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      who,
      pick: fc.nat(),
      choice: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offline' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('online' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), who }) },
);

/** What a desk's adviser can press on a referral, as the desk sees it now (maybe stale). */
type Press = ReferralAction | 'note' | 'claim';
const presses = (r: DeskReferral): Press[] => {
  const side = r.direction === 'incoming' ? 'receiver' : 'referrer';
  const allowed = allowedActions(r.referral.status, side).filter(
    (a) => a !== 'send' && a !== 'expire' && a !== 'close' && a !== 'unable-to-contact',
  );
  return [...allowed, 'note', ...(side === 'receiver' ? (['claim'] as const) : [])];
};

/** The words a press carries, as the referral page would send them. */
const inputFor = (press: ReferralAction): z.input<typeof referralActionSchema> | null => {
  switch (press) {
    case 'decline':
      return { action: 'decline', reason: 'no-capacity', text: 'Full this week' };
    case 'withdraw':
      return { action: 'withdraw', text: 'No longer needed' };
    case 'record-contact':
      // Contact made just now, by phone (the form's first choice).
      return { action: press, method: 'phone', contactedAt: new Date().toISOString() };
    case 'acknowledge':
    case 'accept':
      return { action: press };
    default:
      return null;
  }
};

let net: TestNetwork;
const desks = testDesks();
const at = {} as Record<Who, { desk: TestDesk; proxy: CuttableProxy; clientId: string }>;
let serviceFor: Record<Who, string>;
let noteCounter = 0;

beforeAll(async () => {
  net = await startTestNetwork();
  const dan = await createUser(net.server.db, {
    email: 'dan@riverside.test',
    name: 'Dan Receiver',
    role: 'adviser',
    organisationId: net.organisations.foodbank.id,
    password: PASSWORD,
  });
  if (!dan.ok) throw new Error(dan.reason);
  await acceptAllAgreements(net.server.db);
  serviceFor = {
    alice: net.services.foodParcels.id,
    bob: net.services.debtAdvice.id,
    dan: net.services.debtAdvice.id,
  };
  for (const name of WHO) {
    const proxy = await startProxy(net.server.port);
    const desk = await desks.open(proxy.url);
    await signInAndUnlock(
      desk.h,
      proxy.url,
      `${name}@${name === 'alice' ? 'northgate' : 'riverside'}.test`,
    );
    // The directory is cached, so a desk can refer while offline.
    await waitFor(async () =>
      (await desk.h['directory.search']({ text: '', issue: null })).length > 1 ? true : null,
    );
    const clientId = await addTestClient(desk.h, { name: `Client of ${name}`, phone: null });
    at[name] = { desk, proxy, clientId };
  }
}, 120_000);

afterAll(async () => {
  await desks.closeAll();
  for (const name of WHO) await at[name].proxy.close();
  await net.close();
});

/** What a run did: the referrals each desk sent, and each note with the desk that wrote it. */
type Ledger = { sent: Map<string, Who>; notes: Map<string, { who: Who; referralId: string }> };

const perform = async (s: Step, ledger: Ledger): Promise<void> => {
  const { desk, proxy, clientId } = at[s.who];
  const h = desk.h;
  switch (s.kind) {
    case 'offline':
      proxy.cut();
      return;
    case 'online':
      proxy.restore();
      return;
    case 'sync':
      await h['sync.now']({});
      return;
    case 'send': {
      const sent = await h['referrals.send']({
        clientId,
        serviceId: serviceFor[s.who],
        issues: [s.who === 'alice' ? 'food-support' : 'debt'],
        needs: 'Help needed',
        urgent: false,
        consent: {
          given: true,
          givenBy: 'client',
          representativeName: null,
          method: 'in-person',
          shared: ['name'],
        },
      });
      expect(sent.ok).toBe(true);
      if (sent.ok) ledger.sent.set(sent.value.referralId, s.who);
      return;
    }
    case 'act': {
      const mine = [
        ...(await h['referrals.list']({ direction: 'incoming' })),
        ...(await h['referrals.list']({ direction: 'outgoing' })),
      ];
      // Mostly referrals still in play (what advisers work on), now and then any.
      const live = mine.filter((r) => presses(r).some((p) => p !== 'note' && p !== 'claim'));
      const pool = live.length > 0 && s.choice % 5 !== 0 ? live : mine;
      if (pool.length === 0) return;
      const referral = pool[s.pick % pool.length];
      if (referral === undefined) return;
      const id = referral.referral.id;
      const options = presses(referral);
      const press = options[Math.floor(s.choice / 5) % options.length] ?? 'note';
      if (press === 'claim') {
        await h['referrals.claim']({ id });
        return;
      }
      if (press === 'note') {
        noteCounter += 1;
        const text = `Note ${noteCounter} by ${s.who}`;
        const noted = await h['referrals.act']({ id, input: { action: 'note', text } });
        if (noted.ok) ledger.notes.set(text, { who: s.who, referralId: id });
        return;
      }
      const input = inputFor(press);
      if (input === null) return;
      // Queued on the desk; the server may still say no (a colleague or the
      // other agency got there first): that is the point of the game.
      await h['referrals.act']({ id, input });
      return;
    }
  }
};

/** The server's current view of every referral an organisation may see. */
const serverView = async (organisationId: string): Promise<Map<string, Referral>> => {
  const page = await readChanges(net.server.db, organisationId, 0, 1_000_000);
  const view = new Map<string, Referral>();
  for (const change of page.changes) {
    if (change.kind === 'referral') view.set(change.referral.id, change.referral);
  }
  return view;
};

/** Every desk online, its line empty, and one more pull each so all have all. */
const quiesce = async (): Promise<void> => {
  for (const name of WHO) at[name].proxy.restore();
  for (const name of WHO) {
    const h = at[name].desk.h;
    await waitFor(async () => {
      const status = await h['sync.now']({});
      return status.waiting === 0 ? true : null;
    }, 30_000);
  }
  for (const name of WHO) await at[name].desk.h['sync.now']({});
};

const checkConverged = async (ledger: Ledger): Promise<void> => {
  const notesOnServer = new Map<string, number>();
  for (const name of WHO) {
    const h = at[name].desk.h;
    const organisation = net.organisations[ORG_OF[name]];
    const server = await serverView(organisation.id);
    // Every referral the server lets this desk see, the desk has, exactly as the server has it.
    for (const [id, referral] of server) {
      const copy = await h['referrals.get']({ id });
      expect(copy.ok ? copy.value.referral : copy.reason, `${name}: referral ${id}`).toEqual(
        referral,
      );
      for (const event of referral.events) {
        if (event.type !== 'note') continue;
        const text =
          typeof event.data.text === 'string' ? event.data.text : JSON.stringify(event.data.text);
        if (name === 'alice') notesOnServer.set(text, (notesOnServer.get(text) ?? 0) + 1);
      }
    }
    const setAside = await h['outbox.setAside']({});
    // A healthy network refuses nothing for good: only the state machine says no.
    expect(
      setAside.filter((c) => c.kind !== 'rejected'),
      `${name}: set aside`,
    ).toEqual([]);
    const setAsideSends = new Set(
      setAside.filter((c) => c.type === 'referral.send').map((c) => c.referralId),
    );
    // A referral this desk sent is on the server, or its sending was set aside here.
    for (const [id, sender] of ledger.sent) {
      if (sender !== name) continue;
      expect(server.has(id) || setAsideSends.has(id), `${name}: sent ${id}`).toBe(true);
    }
    // Each note this desk took is on the server once (every note here is on a
    // referral Alice's agency is party to), or set aside here with the reason.
    const setAsideNotes = new Set(setAside.map((c) => c.text));
    for (const [text, note] of ledger.notes) {
      if (note.who !== name) continue;
      const times = notesOnServer.get(text) ?? 0;
      if (name === 'alice') {
        expect(times === 1 || (times === 0 && setAsideNotes.has(text)), `${text}: ${times}`).toBe(
          true,
        );
      }
    }
  }
  // Notes by the receivers, checked against Alice's view (every referral is hers).
  for (const [text, note] of ledger.notes) {
    if (note.who === 'alice') continue;
    const times = notesOnServer.get(text) ?? 0;
    const setAside = await at[note.who].desk.h['outbox.setAside']({});
    expect(
      times === 1 || (times === 0 && setAside.some((c) => c.text === text)),
      `${text}: ${times}`,
    ).toBe(true);
  }
  // No event twice on any referral.
  for (const referral of (await serverView(net.organisations.advice.id)).values()) {
    const ids = referral.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
};

describe('sync convergence', () => {
  it(
    'every desk ends with the server’s copy, whatever the interleaving and outages',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: MAX_STEPS }), async (steps) => {
          const ledger: Ledger = { sent: new Map(), notes: new Map() };
          try {
            for (const s of steps) await perform(s, ledger);
          } finally {
            await quiesce();
          }
          await checkConverged(ledger);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    RUNS * 60_000,
  );
});
