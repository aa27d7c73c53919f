import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import { referralSchema } from '#src/wire/referral.ts';
import type { Referral } from '#src/wire/referral.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { eraseClient } from '#main/store/data-protection.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { ERASED_TEXT } from '#src/referral/scrub.ts';
import { applyServerReferral, getReferral, saveOutgoingDraft } from '#main/store/referrals.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Erasure reaches the desk's copies of referrals (#5): the details the client
 * shared, their needs and the notes exchanged about them leave the store
 * (checked in the decrypted file's bytes), the routing metadata stays, and a
 * copy the network sends again after the erasure is kept scrubbed.
 */
const key = randomBytes(32);
const now = new Date('2026-11-23T11:00:00Z');
const OWN_ORG = '0190a000-0000-7000-8000-0000000000aa';
const TRACES = ['Ottoline', 'Vexworthy', 'Marrowbone Lane', '07700954321', 'ottoline@example.org'];
const NEEDS = 'Needs a food parcel: Ottoline has no gas since Tuesday';
const NOTE = 'Spoke to Ottoline Vexworthy, will collect Friday';

let dir = '';
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-erase-referrals-'));
  const opened = openStore(join(dir, 'store.db'), key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const referralAbout = (representative: string | null): Referral =>
  referralSchema.parse({
    id: newId(),
    status: 'acknowledged',
    from: { organisationId: OWN_ORG, organisationName: 'Northgate Advice Centre' },
    to: {
      organisationId: '0190a000-0000-7000-8000-0000000000bb',
      organisationName: 'Riverside Foodbank',
      serviceId: '0190a000-0000-7000-8000-0000000000cc',
      serviceName: 'Emergency food parcels',
    },
    issues: ['food-support'],
    postcodeDistrict: 'NR1',
    urgent: true,
    urgentReason: 'Ottoline has a baby at home',
    sentAt: '2026-11-20T10:00:00.000Z',
    acknowledgeBy: '2026-11-25',
    actBy: null,
    payload: {
      client: {
        name: 'Ottoline Vexworthy',
        dateOfBirth: '1990-01-02',
        phone: '07700954321',
        email: 'ottoline@example.org',
        address: '4 Marrowbone Lane',
        postcode: 'NR1 1AA',
        preferredContact: 'phone',
      },
      needs: NEEDS,
    },
    consent: {
      givenBy: representative === null ? 'client' : 'representative',
      representativeName: representative,
      method: 'in-person',
      at: '2026-11-20T09:55:00.000Z',
      recordedBy: 'Alice Adviser',
      shared: ['name', 'dateOfBirth', 'phone', 'email', 'address', 'postcode'],
    },
    events: [
      {
        id: newId(),
        type: 'acknowledged',
        at: '2026-11-20T11:00:00.000Z',
        actor: {
          userId: '0190a000-0000-7000-8000-0000000000dd',
          name: 'Bob Receiver',
          organisationId: '0190a000-0000-7000-8000-0000000000bb',
          organisationName: 'Riverside Foodbank',
        },
        data: {},
      },
      {
        id: newId(),
        type: 'note',
        at: '2026-11-20T12:00:00.000Z',
        actor: {
          userId: '0190a000-0000-7000-8000-0000000000dd',
          name: 'Bob Receiver',
          organisationId: '0190a000-0000-7000-8000-0000000000bb',
          organisationName: 'Riverside Foodbank',
        },
        data: { text: NOTE },
      },
    ],
  });

const decryptedBytes = (file: string): Buffer => {
  const plain = join(dir, `plain-${randomBytes(4).toString('hex')}.db`);
  copyFileSync(file, plain);
  const conn = new Sqlite(plain);
  conn.pragma(`cipher = 'sqlcipher'`);
  conn.pragma('legacy = 4');
  conn.pragma(`key = "x'${key.toString('hex')}'"`);
  conn.pragma('journal_mode = DELETE');
  conn.pragma(`rekey = ''`);
  conn.close();
  const bytes = readFileSync(plain);
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  return bytes;
};

describe('erasing a client with referrals', () => {
  it('scrubs the local copies, keeps their routing, and keeps them scrubbed when the network sends them again', () => {
    const client = insertClient(db, details({ name: 'Ottoline Vexworthy' }), now);
    const keep = insertClient(db, details({ name: 'Una Untouched' }), now);
    const about = referralAbout('Marrowbone Lane Carer Ottoline');
    const base = referralAbout(null);
    const other: Referral = {
      ...base,
      id: newId(),
      urgentReason: null,
      payload: {
        client: {
          ...base.payload.client,
          name: 'Una Untouched',
          phone: null,
          email: null,
          address: null,
        },
        needs: 'Una needs help with her rent',
      },
      events: [],
    };
    saveOutgoingDraft(db, about, client.id, now);
    saveOutgoingDraft(db, other, keep.id, now);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = decryptedBytes(join(dir, 'store.db'));
    expect(TRACES.filter((t) => before.includes(Buffer.from(t)))).not.toEqual([]);

    expect(eraseClient(db, client.id, 'Alice Adviser', now)).not.toBeNull();

    const copy = getReferral(db, about.id);
    if (copy === null) throw new Error('the referral row should remain');
    expect(copy.clientId).toBeNull();
    expect(copy.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(copy.referral.payload.needs).toBe(ERASED_TEXT);
    expect(copy.referral.urgentReason).toBe(ERASED_TEXT);
    expect(copy.referral.consent.representativeName).toBe(ERASED_TEXT);
    expect(copy.referral.events.map((e) => e.data)).toEqual([{}, { text: ERASED_TEXT }]);
    // Routing metadata stays, and the copy is still a valid referral.
    expect(copy.referral.to.serviceName).toBe('Emergency food parcels');
    expect(copy.referral.status).toBe('acknowledged');
    expect(referralSchema.safeParse(copy.referral).success).toBe(true);
    // Another client's referral is untouched.
    expect(getReferral(db, other.id)?.referral.payload.needs).toBe('Una needs help with her rent');

    // The network sends the referral again (a new event): it stays scrubbed.
    const again: Referral = {
      ...about,
      status: 'accepted',
      events: [...about.events, { ...about.events[1], id: newId() } as Referral['events'][number]],
    };
    applyServerReferral(db, again, OWN_ORG, now);
    const resent = getReferral(db, about.id);
    expect(resent?.referral.status).toBe('accepted');
    expect(resent?.referral.payload.client.name).toBe(ERASED_TEXT);
    expect(resent?.referral.events.map((e) => e.data)).toEqual([
      {},
      { text: ERASED_TEXT },
      { text: ERASED_TEXT },
    ]);

    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.close();
    const after = decryptedBytes(join(dir, 'store.db'));
    expect(after.includes(Buffer.from('Una Untouched'))).toBe(true);
    expect(TRACES.filter((t) => after.includes(Buffer.from(t)))).toEqual([]);
    expect(after.includes(Buffer.from('Emergency food parcels'))).toBe(true);
  });
});
