import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import type { DeskReferral, Handlers } from '#src/contract.ts';
import { currentHolder } from '#src/referral/holder.ts';
import { PASSWORD, startTestNetwork, type TestNetwork } from '#test/network.ts';
import { acceptTestAgreements, addTestUser } from '#test/users.ts';

/**
 * The receiving agency's inbox between real desks (each its own encrypted
 * store) and a real server: two colleagues at the foodbank race to claim and
 * to accept; accepting starts the client and a case on the adviser's desk.
 */
let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];

const openDesk = async (email: string): Promise<Handlers> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-inbox-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  const h = desk.handlers;
  await h['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD });
  const unlocked = await h['session.unlock']({ passphrase: 'a long enough passphrase' });
  expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready' } });
  return h;
};

const waitFor = async <T>(probe: () => Promise<T | null | undefined>, ms = 8_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const seen = (h: Handlers, id: string, test: (r: DeskReferral) => boolean) =>
  waitFor(async () => {
    const found = await h['referrals.get']({ id });
    return found.ok && test(found.value) ? found.value : null;
  });

const value = <T>(result: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

let alice: Handlers;
let bob: Handlers;
let dan: Handlers;
let lead: Handlers;

/** Alice refers a new client of hers to the foodbank; both colleagues there see it. */
const refer = async (name: string, dateOfBirth = '1975-04-09'): Promise<string> => {
  const client = value(
    await alice['clients.create']({
      name,
      dateOfBirth,
      phone: '01603 000000',
      email: '',
      address: '2 Mill Lane',
      postcode: 'NR1 3AB',
      preferredContact: 'phone',
    }),
  );
  const [service] = await waitFor(async () => {
    const found = await alice['directory.search']({ text: 'food', issue: null });
    return found.length > 0 ? found : null;
  });
  if (!service) throw new Error('no service');
  const sent = value(
    await alice['referrals.send']({
      clientId: client.id,
      serviceId: service.id,
      issues: ['food-support'],
      needs: 'Food this week; the cooker is broken.',
      urgent: false,
      consent: {
        given: true,
        givenBy: 'client',
        representativeName: null,
        method: 'in-person',
        shared: ['name', 'dateOfBirth', 'phone', 'address', 'postcode'],
      },
    }),
  );
  await seen(bob, sent.referralId, (r) => r.referral.status === 'sent');
  await seen(dan, sent.referralId, (r) => r.referral.status === 'sent');
  return sent.referralId;
};

beforeAll(async () => {
  net = await startTestNetwork();
  const foodbank = net.organisations.foodbank.id;
  await addTestUser(net.server.db, {
    email: 'dan@riverside.test',
    name: 'Dan Colleague',
    role: 'adviser',
    organisationId: foodbank,
  });
  await addTestUser(net.server.db, {
    email: 'rita@riverside.test',
    name: 'Rita Lead',
    role: 'lead',
    organisationId: foodbank,
  });
  await acceptTestAgreements(net.server.db);
  alice = await openDesk('alice@northgate.test');
  bob = await openDesk('bob@riverside.test');
  dan = await openDesk('dan@riverside.test');
  lead = await openDesk('rita@riverside.test');
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the receiving agency’s inbox', () => {
  it('lets two colleagues claim at once: the server picks one, the other desk keeps why', async () => {
    const id = await refer('Ola Claimrace');
    const [bobs, dans] = await Promise.all([
      bob['referrals.claim']({ id }),
      dan['referrals.claim']({ id }),
    ]);
    const claimed = (d: DeskReferral) => currentHolder(d.referral.events) !== null;
    const [b, d] = [
      await seen(bob, id, (r) => claimed(r) && !r.waitingToSend),
      await seen(dan, id, (r) => claimed(r) && !r.waitingToSend),
    ];
    const holder = currentHolder(b.referral.events);
    expect(holder?.name === 'Bob Receiver' || holder?.name === 'Dan Colleague').toBe(true);
    expect(currentHolder(d.referral.events)).toEqual(holder);
    const loser = holder?.name === 'Bob Receiver' ? d : b;
    const winner = holder?.name === 'Bob Receiver' ? b : d;
    // The loser's desk keeps the refusal (a race), even after the server's view arrived.
    expect(loser.refused).toBe('already-held');
    expect(winner.refused).toBeNull();
    expect(bobs.ok && dans.ok).toBe(true);
    // The referrer's desk sees who is handling it too.
    const mine = await seen(alice, id, claimed);
    expect(currentHolder(mine.referral.events)?.name).toBe(holder?.name);
  });

  it('lets the lead give a referral to a colleague, listed by the server', async () => {
    const id = await refer('Pat Assigned');
    const colleagues = value(await lead['referrals.colleagues']({}));
    expect(colleagues.map((c) => c.name)).toEqual(['Bob Receiver', 'Dan Colleague', 'Rita Lead']);
    const danId = colleagues.find((c) => c.name === 'Dan Colleague')?.id ?? '';
    await seen(lead, id, (r) => r.referral.status === 'sent');
    value(await lead['referrals.assign']({ id, userId: danId }));
    const onDan = await seen(dan, id, (r) => currentHolder(r.referral.events) !== null);
    expect(currentHolder(onDan.referral.events)).toMatchObject({
      userId: danId,
      name: 'Dan Colleague',
      assignedBy: 'Rita Lead',
    });
    // Dan hears of it among his updates; Bob, who was not given it, does not.
    const dans = await dan['referrals.updates']({});
    expect(dans.find((u) => u.referralId === id && u.type === 'assigned')).toMatchObject({
      toYou: true,
      actorName: 'Rita Lead',
      unseen: true,
    });
    const bobs = await bob['referrals.updates']({});
    expect(bobs.filter((u) => u.referralId === id && u.type === 'assigned')).toEqual([]);
    // A lead gives referrals; claiming is an adviser's.
    expect(await lead['referrals.claim']({ id })).toEqual({ ok: false, reason: 'not-allowed' });
    // The referrer's desk cannot claim its own outgoing referral.
    expect(await alice['referrals.claim']({ id })).toEqual({ ok: false, reason: 'wrong-side' });
  });

  it('starts the client and a case from the referral on accepting, typed by nobody', async () => {
    const id = await refer('Quinn Newclient');
    value(await bob['referrals.claim']({ id }));
    value(await bob['referrals.act']({ id, input: { action: 'acknowledge' } }));
    await seen(bob, id, (r) => r.referral.status === 'acknowledged');
    expect(value(await bob['referrals.clientMatches']({ id }))).toEqual([]);
    const accepted = value(await bob['referrals.accept']({ id, linkClientId: null }));
    expect(accepted.referral.status).toBe('accepted');
    const clientId = accepted.clientId ?? '';
    const client = value(await bob['clients.get']({ id: clientId }));
    expect(client).toMatchObject({
      name: 'Quinn Newclient',
      dateOfBirth: '1975-04-09',
      phone: '01603 000000',
      address: '2 Mill Lane',
      postcode: 'NR1 3AB',
      // Not shared, so not known here.
      email: null,
    });
    const cases = await bob['cases.forClient']({ clientId });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      id: accepted.caseId,
      issues: ['food-support'],
      adviser: 'Bob Receiver',
      status: 'open',
    });
    expect(cases[0]?.summary).toContain('Food this week; the cooker is broken.');
    // Starting again changes nothing: one client, one case.
    const again = value(await bob['referrals.startCase']({ id, linkClientId: null }));
    expect([again.clientId, again.caseId]).toEqual([clientId, accepted.caseId]);
    expect(await bob['clients.search']({ text: 'Quinn Newclient' })).toHaveLength(1);

    // Erased on request: the referral's scrubbed copy cannot start the client again.
    value(await bob['clients.erase']({ id: clientId, confirmName: 'Quinn Newclient' }));
    expect(await bob['referrals.startCase']({ id, linkClientId: null })).toEqual({
      ok: false,
      reason: 'not-allowed-now',
    });
    expect(await bob['clients.search']({ text: 'Quinn' })).toEqual([]);
  });

  it('offers to link a second referral of the same person to the client already there', async () => {
    const first = await refer('Rosa Twice', '1990-12-01');
    value(await bob['referrals.act']({ id: first, input: { action: 'acknowledge' } }));
    const one = value(await bob['referrals.accept']({ id: first, linkClientId: null }));
    const second = await refer('  rosa   TWICE ', '1990-12-01');
    // Same name, other date of birth: a different person, not offered.
    const stranger = await refer('Rosa Twice', '1991-01-01');
    value(await bob['referrals.act']({ id: second, input: { action: 'acknowledge' } }));
    const matches = value(await bob['referrals.clientMatches']({ id: second }));
    expect(matches.map((c) => c.id)).toEqual([one.clientId]);
    expect(value(await bob['referrals.clientMatches']({ id: stranger }))).toEqual([]);
    const two = value(await bob['referrals.accept']({ id: second, linkClientId: one.clientId }));
    expect(two.clientId).toBe(one.clientId);
    expect(two.caseId).not.toBe(one.caseId);
    expect(await bob['cases.forClient']({ clientId: one.clientId ?? '' })).toHaveLength(2);
  });

  it('makes no client on the desk whose acceptance lost the race', async () => {
    const id = await refer('Sam Bothaccept');
    value(await bob['referrals.act']({ id, input: { action: 'acknowledge' } }));
    await seen(dan, id, (r) => r.referral.status === 'acknowledged');
    const [b, d] = await Promise.all([
      bob['referrals.accept']({ id, linkClientId: null }),
      dan['referrals.accept']({ id, linkClientId: null }),
    ]);
    const results = [value(b), value(d)];
    const winners = results.filter((r) => r.refused === null);
    const losers = results.filter((r) => r.refused !== null);
    expect([winners.length, losers.length]).toEqual([1, 1]);
    expect(winners[0]?.caseId).toEqual(expect.any(String));
    expect(losers[0]).toMatchObject({ refused: 'not-allowed-now', clientId: null });
    const loserDesk = losers[0] === results[0] ? bob : dan;
    expect(await loserDesk['clients.search']({ text: 'Sam Bothaccept' })).toEqual([]);
  });
});
