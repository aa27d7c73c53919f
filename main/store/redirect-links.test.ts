import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import { mayRedirect } from '#src/referral/lifecycle.ts';
import { referralSchema } from '#src/wire/referral.ts';
import type { Referral } from '#src/wire/referral.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import {
  applyServerReferral,
  getReferral,
  listReferrals,
  markRefused,
  saveOutgoingDraft,
} from '#main/store/referrals.ts';
import { insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * A referral sent on after a decline (#12), on a desk that only synced both
 * from the server (a colleague's desk, or after a reinstall): the declined
 * one knows where the client went, is no longer offered to send on, and each
 * row names the other — all from the data the server sends.
 */
const key = randomBytes(32);
const now = new Date('2026-12-02T11:00:00Z');
const OWN_ORG = '0190a000-0000-7000-8000-0000000000aa';

let dir = '';
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-redirect-links-'));
  const opened = openStore(join(dir, 'store.db'), key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const referral = (over: Partial<Referral> & Pick<Referral, 'to' | 'status' | 'sentAt'>): Referral =>
  referralSchema.parse({
    id: newId(),
    from: { organisationId: OWN_ORG, organisationName: 'Northgate Advice Centre' },
    issues: ['food-support'],
    postcodeDistrict: 'NR1',
    urgent: false,
    urgentReason: null,
    redirectedFrom: null,
    acknowledgeBy: '2026-11-25',
    actBy: null,
    payload: {
      client: {
        name: 'Fay Decline',
        dateOfBirth: null,
        phone: null,
        email: null,
        address: null,
        postcode: null,
        preferredContact: null,
      },
      needs: 'Food this week',
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
    ...over,
  });

const RIVERSIDE = {
  organisationId: '0190a000-0000-7000-8000-0000000000bb',
  organisationName: 'Riverside Foodbank',
  serviceId: '0190a000-0000-7000-8000-0000000000cc',
  serviceName: 'Emergency food parcels',
};
const EASTFIELD = {
  organisationId: '0190a000-0000-7000-8000-0000000000dd',
  organisationName: 'Eastfield Housing Trust',
  serviceId: '0190a000-0000-7000-8000-0000000000ee',
  serviceName: 'Community pantry',
};

describe('redirect links on the desk', () => {
  it('are read from synced data: the declined referral links to where the client went and is not offered again', () => {
    const declined = referral({
      to: RIVERSIDE,
      status: 'declined',
      sentAt: '2026-11-20T10:00:00.000Z',
    });
    applyServerReferral(db, declined, OWN_ORG, now);
    expect(getReferral(db, declined.id)?.sentOnTo).toEqual([]);
    expect(mayRedirect('declined', getReferral(db, declined.id)?.sentOnTo)).toBe(true);

    const onward = referral({
      to: EASTFIELD,
      status: 'sent',
      sentAt: '2026-12-01T09:30:00.000Z',
      redirectedFrom: declined.id,
    });
    applyServerReferral(db, onward, OWN_ORG, now);

    const earlier = getReferral(db, declined.id);
    expect(earlier?.sentOnTo).toEqual([
      {
        id: onward.id,
        organisationName: 'Eastfield Housing Trust',
        serviceName: 'Community pantry',
        sentAt: '2026-12-01T09:30:00.000Z',
      },
    ]);
    expect(mayRedirect('declined', earlier?.sentOnTo)).toBe(false);
    expect(getReferral(db, onward.id)?.sentOnFrom).toEqual({
      id: declined.id,
      organisationName: 'Riverside Foodbank',
      serviceName: 'Emergency food parcels',
      sentAt: '2026-11-20T10:00:00.000Z',
    });

    // The list carries the same links, so its rows tell apart.
    const listed = new Map(listReferrals(db, 'outgoing').map((r) => [r.referral.id, r]));
    expect(listed.get(declined.id)?.sentOnTo?.map((l) => l.id)).toEqual([onward.id]);
    expect(listed.get(onward.id)?.sentOnTo).toEqual([]);
    expect(listed.get(onward.id)?.sentOnFrom?.organisationName).toBe('Riverside Foodbank');
  });

  it('does not count an onward referral the server refused before taking it', () => {
    const declined = referral({
      to: RIVERSIDE,
      status: 'declined',
      sentAt: '2026-11-20T10:00:00.000Z',
    });
    applyServerReferral(db, declined, OWN_ORG, now);
    const client = insertClient(db, details({ name: 'Fay Decline' }), now);
    const draft = referral({
      to: EASTFIELD,
      status: 'draft',
      sentAt: '2026-12-01T09:30:00.000Z',
      redirectedFrom: declined.id,
    });
    saveOutgoingDraft(db, draft, client.id, now);
    expect(getReferral(db, declined.id)?.sentOnTo?.map((l) => l.id)).toEqual([draft.id]);
    markRefused(db, draft.id, 'service-not-receiving');
    expect(getReferral(db, declined.id)?.sentOnTo).toEqual([]);
  });
});
