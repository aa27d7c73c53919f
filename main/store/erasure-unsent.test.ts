import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import { outboxCommandSchema } from '#src/wire/commands.ts';
import type { OutboxCommand } from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';
import type { Referral } from '#src/wire/referral.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { eraseClient, unsentCounts } from '#main/store/data-protection.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue, listSetAside, peekOutbox, setAside } from '#main/store/outbox.ts';
import { ERASED_TEXT } from '#src/referral/scrub.ts';
import { applyServerReferral, getReferral, saveOutgoingDraft } from '#main/store/referrals.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Erasure and the outbox (#5), on a real encrypted store: what was never
 * sent is cancelled whole; on a referral the network already has, waiting
 * notes are cancelled and the words of a waiting status change replaced,
 * while coded changes still go; another client's commands are untouched.
 */
const key = randomBytes(32);
const now = new Date('2026-11-23T11:00:00Z');
const OWN_ORG = '0190a000-0000-7000-8000-0000000000aa';
const NAME = 'Ottoline Vexworthy';

let dir = '';
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-erase-unsent-'));
  const opened = openStore(join(dir, 'store.db'), key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const referral = (name: string, status: Referral['status']): Referral =>
  referralSchema.parse({
    id: newId(),
    status,
    from: { organisationId: OWN_ORG, organisationName: 'Northgate Advice Centre' },
    to: {
      organisationId: '0190a000-0000-7000-8000-0000000000bb',
      organisationName: 'Riverside Foodbank',
      serviceId: '0190a000-0000-7000-8000-0000000000cc',
      serviceName: 'Emergency food parcels',
    },
    issues: ['food-support'],
    postcodeDistrict: 'NR1',
    urgent: false,
    urgentReason: null,
    sentAt: '2026-11-20T10:00:00.000Z',
    acknowledgeBy: '2026-11-25',
    actBy: null,
    payload: {
      client: {
        name,
        dateOfBirth: null,
        phone: null,
        email: null,
        address: null,
        postcode: null,
        preferredContact: null,
      },
      needs: `${name} needs a food parcel`,
    },
    consent: {
      givenBy: 'client',
      representativeName: null,
      method: 'in-person',
      at: '2026-11-20T09:55:00.000Z',
      recordedBy: 'Alice Adviser',
      shared: ['name'],
    },
    events: [],
  });

const sendOf = (r: Referral): OutboxCommand =>
  outboxCommandSchema.parse({
    mutationId: newId(),
    referralId: r.id,
    type: 'referral.send',
    serviceId: r.to.serviceId,
    issues: r.issues,
    urgent: false,
    postcodeDistrict: 'NR1',
    payload: r.payload,
    consent: r.consent,
  });

const command = (referralId: string, rest: Record<string, unknown>): OutboxCommand =>
  outboxCommandSchema.parse({ mutationId: newId(), referralId, ...rest });

describe('erasing a client cancels what is not sent yet', () => {
  it('cancels never-sent referrals and notes, replaces words, keeps coded changes and others’ commands', () => {
    const client = insertClient(db, details({ name: NAME }), now);
    const other = insertClient(db, details({ name: 'Una Untouched' }), now);
    const unsent = referral(NAME, 'draft');
    const sent = referral(NAME, 'accepted');
    const others = referral('Una Untouched', 'draft');
    saveOutgoingDraft(db, unsent, client.id, now);
    saveOutgoingDraft(db, sent, client.id, now);
    saveOutgoingDraft(db, others, other.id, now);
    const notes = (id: string) =>
      command(id, { type: 'referral.note', noteId: newId(), text: `${NAME} rang again` });
    const queued = [
      sendOf(unsent),
      notes(unsent.id),
      notes(sent.id),
      command(sent.id, { type: 'referral.claim' }),
      command(sent.id, { type: 'referral.close', outcome: `${NAME} got a parcel` }),
      sendOf(others),
      command(others.id, { type: 'referral.note', noteId: newId(), text: 'Una rang' }),
    ];
    for (const c of queued) enqueue(db, c, now);

    expect(unsentCounts(db, client.id)).toEqual({
      unsentReferrals: 1,
      unsentMessages: 2,
      networkReferrals: 1,
    });
    const erasure = eraseClient(db, client.id, 'Alice Adviser', now);
    expect(erasure).toMatchObject({
      cancelledReferrals: 1,
      cancelledMessages: 2,
      networkReferrals: 1,
    });

    const left = peekOutbox(db, 100);
    // In the order they were made: the sent referral's coded claim, its close
    // without the adviser's words, everything about the other client, and
    // last the network asked to erase the sent referral's copy.
    expect(left.map((c) => c.type)).toEqual([
      'referral.claim',
      'referral.close',
      'referral.send',
      'referral.note',
      'referral.erase',
    ]);
    expect(left[4]).toMatchObject({ referralId: sent.id });
    expect(left[1]).toMatchObject({ referralId: sent.id, outcome: ERASED_TEXT });
    expect(left.slice(2, 4).every((c) => 'referralId' in c && c.referralId === others.id)).toBe(
      true,
    );
    expect(JSON.stringify(left)).not.toContain('Ottoline');
    expect(left.every((c) => outboxCommandSchema.safeParse(c).success)).toBe(true);

    // The never-sent referral is gone; the sent one stays, scrubbed.
    expect(getReferral(db, unsent.id)).toBeNull();
    expect(getReferral(db, sent.id)?.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(getReferral(db, others.id)?.referral.payload.client.name).toBe('Una Untouched');

    // The record says what was cancelled, and nothing about the person.
    const record = db.prepare('SELECT * FROM erasures').all() as Record<string, unknown>[];
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({
      cancelled_referrals: 1,
      cancelled_messages: 2,
      network_referrals: 1,
    });
    expect(JSON.stringify(record)).not.toContain('Ottoline');
  });

  it('keeps a cancelled referral scrubbed if it was already on its way and the network sends it back', () => {
    const client = insertClient(db, details({ name: NAME }), now);
    const unsent = referral(NAME, 'draft');
    saveOutgoingDraft(db, unsent, client.id, now);
    enqueue(db, sendOf(unsent), now);
    expect(eraseClient(db, client.id, 'Alice Adviser', now)).toMatchObject({
      cancelledReferrals: 1,
    });
    expect(getReferral(db, unsent.id)).toBeNull();

    // The push was in flight at the moment of erasure: the server has it.
    expect(peekOutbox(db, 100)).toEqual([]);
    applyServerReferral(db, { ...unsent, status: 'sent' }, OWN_ORG, now);
    // …so the network is asked to erase its copy, once.
    expect(peekOutbox(db, 100)).toMatchObject([{ type: 'referral.erase', referralId: unsent.id }]);
    const back = getReferral(db, unsent.id);
    expect(back?.clientId).toBeNull();
    expect(back?.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(back?.referral.payload.needs).toBe(ERASED_TEXT);
    // …and stays scrubbed on the next change too.
    applyServerReferral(db, { ...unsent, status: 'acknowledged' }, OWN_ORG, now);
    expect(getReferral(db, unsent.id)?.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(peekOutbox(db, 100)).toHaveLength(1);
  });

  it('discards messages about the client set aside from the outbox (#12), and no one else’s', () => {
    const client = insertClient(db, details({ name: NAME }), now);
    const other = insertClient(db, details({ name: 'Una Untouched' }), now);
    const theirs = referral(NAME, 'accepted');
    const others = referral('Una Untouched', 'accepted');
    saveOutgoingDraft(db, theirs, client.id, now);
    saveOutgoingDraft(db, others, other.id, now);
    const refused = command(theirs.id, {
      type: 'referral.note',
      noteId: newId(),
      text: `${NAME} rang about the parcel`,
    });
    const kept = command(others.id, { type: 'referral.note', noteId: newId(), text: 'Una rang' });
    for (const c of [refused, kept]) {
      enqueue(db, c, now);
      setAside(db, c.mutationId, 'refused', 'command-unreadable', now);
    }
    eraseClient(db, client.id, 'Alice Adviser', now);
    expect(listSetAside(db).map((c) => c.mutationId)).toEqual([kept.mutationId]);
    const left = JSON.stringify(db.prepare('SELECT * FROM outbox_set_aside').all());
    expect(left.includes('Ottoline')).toBe(false);
  });

  it('counts nothing for a client with nothing waiting', () => {
    const client = insertClient(db, details({ name: NAME }), now);
    expect(unsentCounts(db, client.id)).toEqual({
      unsentReferrals: 0,
      unsentMessages: 0,
      networkReferrals: 0,
    });
    expect(eraseClient(db, client.id, 'Alice Adviser', now)).toMatchObject({
      cancelledReferrals: 0,
      cancelledMessages: 0,
    });
  });
});
