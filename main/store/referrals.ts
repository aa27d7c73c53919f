import type { DeskReferral } from '#src/contract.ts';
import { isReason } from '#src/reasons.ts';
import type { Referral } from '#src/wire/referral.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue, isWaiting } from '#main/store/outbox.ts';
import { newId } from '#src/ids.ts';
import { scrubReferral } from '#src/referral/scrub.ts';

type ReferralRow = {
  id: string;
  direction: 'outgoing' | 'incoming';
  client_id: string | null;
  data: string;
  refused: string | null;
  case_id: string | null;
};

const fromRow = (db: Database, r: ReferralRow): DeskReferral => ({
  referral: JSON.parse(r.data) as Referral,
  direction: r.direction,
  waitingToSend: isWaiting(db, r.id),
  refused: r.refused !== null && isReason(r.refused) ? r.refused : null,
  clientId: r.client_id,
  caseId: r.case_id,
});

/** A referral made on this desk, before the server has seen it. */
export const saveOutgoingDraft = (
  db: Database,
  referral: Referral,
  clientId: string,
  now: Date,
): void => {
  db.prepare(
    `INSERT INTO referrals (id, direction, client_id, status, data, updated_at)
     VALUES (?, 'outgoing', ?, ?, ?, ?)`,
  ).run(referral.id, clientId, referral.status, JSON.stringify(referral), now.toISOString());
};

/**
 * Refusals that mean "someone else got there first". The server's view that
 * arrives next shows who, so these outlive it: the adviser reads the
 * explanation on screen, and it goes when they act on the referral again
 * (`clearRefusal`). Any other refusal is cleared by the next server view.
 */
const RACE_REFUSALS = ['not-allowed-now', 'conflict', 'already-held']
  .map((r) => `'${r}'`)
  .join(', ');

export const clearRefusal = (db: Database, id: string): void => {
  db.prepare('UPDATE referrals SET refused = NULL WHERE id = ?').run(id);
};

/**
 * Stores the server's current view of a referral. Returns true when it is an
 * incoming referral this desk had not seen before (for the inbox badge and a
 * notification).
 */
export const applyServerReferral = (
  db: Database,
  referral: Referral,
  ownOrganisationId: string,
  now: Date,
): boolean => {
  const direction = referral.from.organisationId === ownOrganisationId ? 'outgoing' : 'incoming';
  const known = db
    .prepare<[string], { id: string; client_erased_at: string | null }>(
      'SELECT id, client_erased_at FROM referrals WHERE id = ?',
    )
    .get(referral.id);
  // A referral cancelled by an erasure while it was already on its way (#5)
  // comes back without a local row: it is kept scrubbed, like the others.
  const cancelled =
    known === undefined &&
    db.prepare('SELECT 1 FROM cancelled_referrals WHERE id = ?').get(referral.id) !== undefined;
  // The client was erased on request here (#5): the copy stays scrubbed.
  const kept = known?.client_erased_at == null && !cancelled ? referral : scrubReferral(referral);
  db.prepare(
    `INSERT INTO referrals (id, direction, status, data, updated_at, client_erased_at)
     VALUES (@id, @direction, @status, @data, @at, @erased)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data,
       refused = CASE WHEN referrals.refused IN (${RACE_REFUSALS}) THEN referrals.refused END,
       updated_at = excluded.updated_at`,
  ).run({
    id: referral.id,
    direction,
    status: referral.status,
    data: JSON.stringify(kept),
    at: now.toISOString(),
    erased: cancelled ? now.toISOString() : null,
  });
  // It reached the network after all: ask the network to erase it there too.
  if (cancelled && !referral.events.some((e) => e.type === 'erased')) {
    enqueue(db, { type: 'referral.erase', mutationId: newId(), referralId: referral.id }, now);
  }
  return known === undefined && direction === 'incoming';
};

/** The server refused a command about this referral; keep why, for the screen. */
export const markRefused = (db: Database, id: string, reason: string): void => {
  db.prepare('UPDATE referrals SET refused = ? WHERE id = ?').run(reason, id);
};

export const getReferral = (db: Database, id: string): DeskReferral | null => {
  const row = db
    .prepare<[string], ReferralRow>(
      'SELECT id, direction, client_id, data, refused, case_id FROM referrals WHERE id = ?',
    )
    .get(id);
  return row ? fromRow(db, row) : null;
};

export const listReferrals = (
  db: Database,
  direction: 'outgoing' | 'incoming',
  limit = 200,
): DeskReferral[] =>
  db
    .prepare<[string, number], ReferralRow>(
      `SELECT id, direction, client_id, data, refused, case_id FROM referrals
       WHERE direction = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(direction, limit)
    .map((r) => fromRow(db, r));

export const referralsForClient = (db: Database, clientId: string): DeskReferral[] =>
  db
    .prepare<[string], ReferralRow>(
      `SELECT id, direction, client_id, data, refused, case_id FROM referrals
       WHERE client_id = ? ORDER BY id DESC`,
    )
    .all(clientId)
    .map((r) => fromRow(db, r));
