import type { Client } from '#src/contract.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import type { Me } from '#src/wire/api.ts';
import {
  clientFromRow,
  createClient,
  getClient,
  searchClients,
  type ClientRow,
} from '#main/store/clients.ts';
import { getCase, openCase } from '#main/store/cases.ts';
import type { Database } from '#main/store/open.ts';
import { getReferral } from '#main/store/referrals.ts';

/**
 * Accepting an incoming referral starts the client and a case on the
 * receiving adviser's desk from the details the referral carried: nothing is
 * typed twice (#3). Where the client is already on this desk, the adviser
 * links the referral to them instead of making a duplicate.
 */

/** Names compare without case or extra spaces. */
const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Clients on this desk who may be the referral's client: the same name and
 * date of birth (the same name alone when the referral did not share a date
 * of birth). The adviser decides; nothing is linked without them.
 */
export const clientMatches = (db: Database, referralId: string): Result<Client[], Reason> => {
  const desk = getReferral(db, referralId);
  if (desk === null || desk.direction !== 'incoming') return err('referral-not-found');
  const shared = desk.referral.payload.client;
  const wanted = nameKey(shared.name);
  // By date of birth (indexed) when shared; else by name through the search index.
  const candidates =
    shared.dateOfBirth === null
      ? searchClients(db, shared.name, 200)
      : db
          .prepare<[string], ClientRow>('SELECT * FROM clients WHERE date_of_birth = ?')
          .all(shared.dateOfBirth)
          .map(clientFromRow);
  return ok(candidates.filter((c) => nameKey(c.name) === wanted).slice(0, 20));
};

/**
 * Makes (or links) the client and opens a case for an incoming referral, in
 * one transaction, and links both to it. Idempotent: a referral that already
 * has its case keeps it.
 */
export const startCaseFromReferral = (
  db: Database,
  me: Me,
  referralId: string,
  linkClientId: string | null,
  now: Date,
): Result<{ clientId: string; caseId: string }, Reason> => {
  const desk = getReferral(db, referralId);
  if (desk === null || desk.direction !== 'incoming') return err('referral-not-found');
  if (desk.clientId !== null && desk.caseId && getCase(db, desk.caseId) !== null) {
    return ok({ clientId: desk.clientId, caseId: desk.caseId });
  }
  // The client was erased on request (data-protection.ts): the scrubbed copy starts nothing.
  const erased = db
    .prepare<[string], { client_erased_at: string | null }>(
      'SELECT client_erased_at FROM referrals WHERE id = ?',
    )
    .get(referralId);
  if (erased?.client_erased_at != null) return err('not-allowed-now');
  if (linkClientId !== null && getClient(db, linkClientId) === null) {
    return err('client-not-found');
  }
  const { referral } = desk;
  const shared = referral.payload.client;
  return db.transaction((): Result<{ clientId: string; caseId: string }, Reason> => {
    const clientId =
      linkClientId ??
      createClient(
        db,
        {
          name: shared.name,
          dateOfBirth: shared.dateOfBirth,
          phone: shared.phone,
          email: shared.email,
          address: shared.address,
          postcode: shared.postcode,
          preferredContact: shared.preferredContact,
        },
        now,
      ).id;
    const opened = openCase(
      db,
      {
        clientId,
        issues: referral.issues,
        summary:
          `Referred by ${referral.from.organisationName} to ${referral.to.serviceName}: ${referral.payload.needs}`.slice(
            0,
            2000,
          ),
        openedOn: now.toISOString().slice(0, 10),
      },
      me.user.name,
      now,
    );
    if (opened === null)
      throw new Error('startCaseFromReferral: the client vanished mid-transaction');
    db.prepare('UPDATE referrals SET client_id = ?, case_id = ? WHERE id = ?').run(
      clientId,
      opened.id,
      referralId,
    );
    return ok({ clientId, caseId: opened.id });
  })();
};
