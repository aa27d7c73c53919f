import type { Consent, Referral, ReferralPayload } from '#src/wire/referral.ts';

/**
 * Erasure of a client's details from a referral (#5), the same on the desk
 * (its local copies) and on the network's server (the shared record): the
 * shared client details, their needs, a representative's name, the urgency
 * reason, the reason for sending despite the service's rules and every
 * free-text event detail are replaced. What remains is
 * routing metadata (agencies, service, issues, postcode district, status and
 * times) and coded details, which reports use and which say nothing about
 * the person.
 */

/** What a scrubbed field reads as, on screen and in an export. */
export const ERASED_TEXT = 'Erased on request';

/** Keys of event details that hold free text (notes, decline and withdraw words, outcomes, file names). */
const FREE_TEXT_KEYS = new Set(['text', 'outcome', 'fileName', 'name', 'title', 'summary']);

export const scrubbedPayload = (): ReferralPayload => ({
  client: {
    name: ERASED_TEXT,
    dateOfBirth: null,
    phone: null,
    email: null,
    address: null,
    postcode: null,
    preferredContact: null,
  },
  needs: ERASED_TEXT,
});

export const scrubConsent = (consent: Consent): Consent => ({
  ...consent,
  representativeName: consent.representativeName === null ? null : ERASED_TEXT,
});

/** An event's details with its free text replaced; coded details stay. */
export const scrubEventData = <V>(data: Record<string, V>): Record<string, V | string> =>
  Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      FREE_TEXT_KEYS.has(key) && typeof value === 'string' ? ERASED_TEXT : value,
    ]),
  );

export const scrubReferral = (referral: Referral): Referral => ({
  ...referral,
  ...(referral.urgentReason != null && { urgentReason: ERASED_TEXT }),
  ...(referral.eligibilityOverride != null && {
    eligibilityOverride: { ...referral.eligibilityOverride, reason: ERASED_TEXT },
  }),
  payload: scrubbedPayload(),
  consent: scrubConsent(referral.consent),
  events: referral.events.map((event) => ({ ...event, data: scrubEventData(event.data) })),
});
