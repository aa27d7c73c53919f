import { firstContact } from '#src/referral/first-contact.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { parseRequest } from '#src/contract.ts';
import type { DeskReferral, Handlers } from '#src/contract.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import { addTestUser } from '#test/users.ts';
import type { TestNetwork } from '#test/network.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import type { CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * The lifecycle use cases between two real desks and a real server: every
 * step reaches the other side, and a race the server decides is kept on the
 * losing desk with enough to explain it.
 */
let net: TestNetwork;
let proxy: CuttableProxy;
const dirs: string[] = [];
const desks: Desk[] = [];

const openDesk = async (serverUrl: string, email: string): Promise<Handlers> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-lifecycle-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  const h = desk.handlers;
  await h['session.signIn']({ serverUrl, email, password: PASSWORD });
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

let a: Handlers;
let b: Handlers;

const refer = async (name: string): Promise<string> => {
  const client = await a['clients.create']({
    name,
    dateOfBirth: null,
    phone: '01603 000000',
    email: '',
    address: null,
    postcode: 'NR1 3AB',
    preferredContact: 'phone',
  });
  if (!client.ok) throw new Error(client.reason);
  const [service] = await waitFor(async () => {
    const found = await a['directory.search']({ text: 'food', issue: null });
    return found.length > 0 ? found : null;
  });
  if (!service) throw new Error('no service');
  const sent = await a['referrals.send']({
    clientId: client.value.id,
    serviceId: service.id,
    issues: ['food-support'],
    needs: 'Food this week.',
    urgent: false,
    consent: {
      given: true,
      givenBy: 'client',
      representativeName: null,
      method: 'in-person',
      shared: ['name', 'phone'],
    },
  });
  if (!sent.ok) throw new Error(sent.reason);
  await seen(b, sent.value.referralId, (r) => r.referral.status === 'sent');
  return sent.value.referralId;
};

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
  a = await openDesk(net.server.url, 'alice@northgate.test');
  b = await openDesk(proxy.url, 'bob@riverside.test');
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await proxy.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('referral lifecycle use cases on the desk', () => {
  it('refuses a decline for "another reason" without words at the contract', () => {
    const id = '0190a0c0-0000-7000-8000-000000000000';
    const bare = parseRequest('referrals.act', {
      id,
      input: { action: 'decline', reason: 'other', text: '' },
    });
    expect(bare).toMatchObject({ ok: false, detail: 'Say why the referral is declined' });
    const coded = parseRequest('referrals.act', {
      id,
      input: { action: 'decline', reason: 'no-capacity', text: '' },
    });
    expect(coded.ok).toBe(true);
  });

  it('carries each step and its words to the other desk', async () => {
    const id = await refer('Kit Steps');
    const sentAt = (await seen(b, id, () => true)).referral.sentAt;
    for (const input of [{ action: 'acknowledge' }, { action: 'accept' }] as const) {
      expect((await b['referrals.act']({ id, input })).ok).toBe(true);
    }
    await seen(b, id, (r) => r.referral.status === 'accepted');
    // First contact is back-dated within reason (#12): never in the future, never before sending.
    for (const [contactedAt, reason] of [
      [new Date(Date.now() + 3_600_000).toISOString(), 'contact-in-future'],
      [new Date(Date.parse(sentAt) - 3_600_000).toISOString(), 'contact-before-sent'],
    ] as const) {
      expect(
        await b['referrals.act']({
          id,
          input: { action: 'record-contact', method: 'phone', contactedAt },
        }),
      ).toEqual({ ok: false, reason });
    }
    const contactedAt = sentAt;
    for (const input of [
      { action: 'record-contact', method: 'in-person', contactedAt },
      { action: 'note', text: 'Delivering on Thursday.' },
      { action: 'close', outcome: 'Food delivered.' },
    ] as const) {
      const acted = await b['referrals.act']({ id, input });
      expect(acted.ok).toBe(true);
    }
    const done = await seen(a, id, (r) => r.referral.status === 'completed');
    expect(done.referral.events.map((e) => e.type)).toEqual([
      'sent',
      'acknowledged',
      'accepted',
      'contact-recorded',
      'note',
      'closed',
    ]);
    expect(done.referral.events.at(-1)?.data).toEqual({ outcome: 'Food delivered.' });
    // The referrer's desk reads how and when, from the server.
    expect(firstContact(done.referral.events)).toMatchObject({
      method: 'in-person',
      at: new Date(contactedAt).toISOString(),
    });
    // Nothing is left to withdraw once completed: refused before it is sent.
    expect(await a['referrals.act']({ id, input: { action: 'withdraw', text: 'x' } })).toEqual({
      ok: false,
      reason: 'not-allowed-now',
    });
    // And the receiver cannot withdraw at all.
    const other = await refer('Lee Side');
    expect(
      await b['referrals.act']({ id: other, input: { action: 'withdraw', text: 'x' } }),
    ).toEqual({ ok: false, reason: 'wrong-side' });
  });

  it('sends to several services all or none, and redirects only an ended referral of the same client', async () => {
    const client = await a['clients.create']({
      name: 'Ola Many',
      dateOfBirth: null,
      phone: '01603 111111',
      email: '',
      address: null,
      postcode: null,
      preferredContact: null,
    });
    if (!client.ok) throw new Error(client.reason);
    const details = {
      clientId: client.value.id,
      issues: ['food-support' as const],
      needs: 'Food and a tenancy check.',
      urgent: false,
      consent: {
        given: true as const,
        givenBy: 'client' as const,
        representativeName: null,
        method: 'phone' as const,
        shared: ['phone' as const],
      },
    };
    const before = (await a['referrals.list']({ direction: 'outgoing' })).length;
    const { foodParcels, pausedHousing } = net.services;
    expect(
      await a['referrals.sendMany']({ ...details, serviceIds: [foodParcels.id, pausedHousing.id] }),
    ).toEqual({ ok: false, reason: 'service-not-receiving' });
    expect(await a['referrals.list']({ direction: 'outgoing' })).toHaveLength(before);

    const first = await refer('Pat Redirect');
    // Still open: there is nothing to send on from yet.
    const firstClient = await a['referrals.get']({ id: first });
    if (!firstClient.ok || firstClient.value.clientId === null) throw new Error('no client');
    const redirect = {
      ...details,
      clientId: firstClient.value.clientId,
      serviceIds: [foodParcels.id],
      redirectedFrom: first,
    };
    expect(await a['referrals.sendMany'](redirect)).toEqual({
      ok: false,
      reason: 'not-allowed-now',
    });
    // Another client's referral cannot be the link.
    expect(await a['referrals.sendMany']({ ...redirect, clientId: client.value.id })).toEqual({
      ok: false,
      reason: 'referral-not-found',
    });
    await b['referrals.act']({
      id: first,
      input: { action: 'decline', reason: 'duplicate', text: '' },
    });
    await seen(a, first, (r) => r.referral.status === 'declined');
    const sent = await a['referrals.sendMany'](redirect);
    if (!sent.ok) throw new Error(sent.reason);
    const [id] = sent.value.referralIds;
    if (id === undefined) throw new Error('nothing sent');
    const arrived = await seen(b, id, (r) => r.referral.status === 'sent');
    expect(arrived.referral.redirectedFrom).toBe(first);
    // Sent on once (#12): the declined one names where the client went, and is not sent on again.
    const declined = await a['referrals.get']({ id: first });
    expect(declined.ok && declined.value.sentOnTo?.map((l) => l.id)).toEqual([id]);
    expect(await a['referrals.sendMany'](redirect)).toEqual({
      ok: false,
      reason: 'not-allowed-now',
    });
  });

  it('shows the receiving agency’s lead what the server counts as overdue, and no adviser', async () => {
    await addTestUser(net.server.db, {
      email: 'lead@riverside.test',
      name: 'Rita Lead',
      role: 'lead',
      organisationId: net.organisations.foodbank.id,
    });
    const lead = await openDesk(net.server.url, 'lead@riverside.test');
    const id = await refer('Quin Late');
    expect(await lead['referrals.overdue']({})).toMatchObject({
      ok: true,
      value: { scope: 'agency' },
    });
    // Its deadline passed long ago, as far as the server is concerned.
    await net.server.db.query("update referrals set acknowledge_by = '2020-01-06' where id = $1", [
      id,
    ]);
    const late = await lead['referrals.overdue']({});
    if (!late.ok) throw new Error(late.reason);
    expect(late.value.referrals.find((r) => r.id === id)).toMatchObject({
      waitingFor: 'acknowledge',
      dueBy: '2020-01-06',
      from: { organisationName: 'Northgate Advice Centre' },
    });
    expect(JSON.stringify(late.value)).not.toContain('Quin Late');
    expect(await b['referrals.overdue']({})).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('keeps the refusal of an accept that crossed a withdraw, until the adviser acts again', async () => {
    const id = await refer('Mo Race');
    expect((await b['referrals.act']({ id, input: { action: 'acknowledge' } })).ok).toBe(true);
    await seen(a, id, (r) => r.referral.status === 'acknowledged');

    proxy.cut();
    const withdrawn = await a['referrals.act']({
      id,
      input: { action: 'withdraw', text: 'Moved away.' },
    });
    expect(withdrawn.ok).toBe(true);
    await seen(a, id, (r) => r.referral.status === 'withdrawn');
    const accepted = await b['referrals.act']({ id, input: { action: 'accept' } });
    expect(accepted).toMatchObject({ ok: true, value: { waitingToSend: true } });
    proxy.restore();

    // The server refused the accept, and the withdraw arrived after: both kept.
    const lost = await seen(
      b,
      id,
      (r) => r.referral.status === 'withdrawn' && !r.waitingToSend && r.refused !== null,
    );
    expect(lost.refused).toBe('not-allowed-now');
    expect(lost.referral.events.at(-1)).toMatchObject({
      type: 'withdrawn',
      actor: { name: 'Alice Adviser', organisationName: 'Northgate Advice Centre' },
    });
    // A later view of the referral (a note from the other side) keeps it…
    await a['referrals.act']({
      id,
      input: { action: 'note', text: 'Sorry for the crossed wires.' },
    });
    const noted = await seen(b, id, (r) => r.referral.events.at(-1)?.type === 'note');
    expect(noted.refused).toBe('not-allowed-now');
    // …and acting again replaces it.
    await b['referrals.act']({ id, input: { action: 'note', text: 'No problem.' } });
    const cleared = await seen(b, id, (r) => r.referral.events.at(-1)?.data.text === 'No problem.');
    expect(cleared.refused).toBeNull();
  });
});
