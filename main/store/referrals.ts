import type { DeskReferral, ReferralLink } from '#src/contract.ts';
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

type LinkRow = {
  id: string;
  from_id: string;
  organisation: string;
  service: string;
  sent_at: string;
};

/**
 * The redirect links among this desk's referrals (#12), read from the data the
 * server sent (a referral names the one it was sent on from), so every desk
 * of the agency sees them after sync. A referral the server refused before
 * accepting it does not count as sending the client on. `from` narrows the
 * search to the referrals sent on from one referral; null reads them all.
 */
const onwardRows = (db: Database, from: string | null): LinkRow[] =>
  db
    .prepare<[string | null, string | null], LinkRow>(
      `SELECT id,
              json_extract(data, '$.redirectedFrom') AS from_id,
              json_extract(data, '$.to.organisationName') AS organisation,
              json_extract(data, '$.to.serviceName') AS service,
              json_extract(data, '$.sentAt') AS sent_at
       FROM referrals
       WHERE json_extract(data, '$.redirectedFrom') IS NOT NULL
         AND (? IS NULL OR json_extract(data, '$.redirectedFrom') = ?)
         AND NOT (status = 'draft' AND refused IS NOT NULL)
       ORDER BY sent_at, id`,
    )
    .all(from, from);

const link = (r: { id: string; organisation: string; service: string; sent_at: string }) => ({
  id: r.id,
  organisationName: r.organisation,
  serviceName: r.service,
  sentAt: r.sent_at,
});

/** Where each referral was sent on to, by earlier referral id. */
const onwardMap = (rows: LinkRow[]): Map<string, ReferralLink[]> => {
  const byFrom = new Map<string, ReferralLink[]>();
  for (const r of rows) byFrom.set(r.from_id, [...(byFrom.get(r.from_id) ?? []), link(r)]);
  return byFrom;
};

/** The earlier referral, named by where it went, when this desk holds it. */
const earlierLink = (db: Database, id: string | null | undefined): ReferralLink | null => {
  if (id === null || id === undefined) return null;
  const row = db
    .prepare<[string], Omit<LinkRow, 'from_id'>>(
      `SELECT id,
              json_extract(data, '$.to.organisationName') AS organisation,
              json_extract(data, '$.to.serviceName') AS service,
              json_extract(data, '$.sentAt') AS sent_at
       FROM referrals WHERE id = ?`,
    )
    .get(id);
  return row === undefined ? null : link(row);
};

const fromRow = (
  db: Database,
  r: ReferralRow,
  onward: Map<string, ReferralLink[]> = onwardMap(onwardRows(db, r.id)),
): DeskReferral => {
  const referral = JSON.parse(r.data) as Referral;
  return {
    referral,
    direction: r.direction,
    waitingToSend: isWaiting(db, r.id),
    refused: r.refused !== null && isReason(r.refused) ? r.refused : null,
    clientId: r.client_id,
    caseId: r.case_id,
    sentOnTo: onward.get(r.id) ?? [],
    sentOnFrom: earlierLink(db, referral.redirectedFrom),
  };
};

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
): DeskReferral[] => {
  const rows = db
    .prepare<[string, number], ReferralRow>(
      `SELECT id, direction, client_id, data, refused, case_id FROM referrals
       WHERE direction = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(direction, limit);
  // One pass over the links for the whole list.
  const onward = onwardMap(onwardRows(db, null));
  return rows.map((r) => fromRow(db, r, onward));
};

export const referralsForClient = (db: Database, clientId: string): DeskReferral[] => {
  const rows = db
    .prepare<[string], ReferralRow>(
      `SELECT id, direction, client_id, data, refused, case_id FROM referrals
       WHERE client_id = ? ORDER BY id DESC`,
    )
    .all(clientId);
  const onward = onwardMap(onwardRows(db, null));
  return rows.map((r) => fromRow(db, r, onward));
};
