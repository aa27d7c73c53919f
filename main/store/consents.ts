import type { Consent } from '#src/wire/referral.ts';
import { newId } from '#src/ids.ts';
import type { Database } from '#main/store/open.ts';

/** Records the client's consent to a referral, on this desk (UK GDPR). */
export const recordConsent = (
  db: Database,
  clientId: string,
  referralId: string,
  consent: Consent,
): void => {
  db.prepare(
    `INSERT INTO consents (id, client_id, referral_id, given_by, representative_name, method, shared, recorded_by, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId(),
    clientId,
    referralId,
    consent.givenBy,
    consent.representativeName,
    consent.method,
    JSON.stringify(consent.shared),
    consent.recordedBy,
    consent.at,
  );
};
