import type { Referral } from '#src/wire/referral.ts';

/** What a scrubbed field reads as, on screen and in an export. */
export const ERASED_TEXT = 'Erased on request';

/** Keys of event details that hold free text (notes, decline and withdraw words, outcomes, file names). */
const FREE_TEXT_KEYS = new Set(['text', 'outcome', 'fileName', 'name', 'title', 'summary']);

/**
 * A local copy of a referral with nothing left about the person it was
 * about: the shared client details, their needs, a representative's name,
 * the urgency reason and every free-text event detail are replaced. What
 * remains is routing metadata (agencies, service, issues, postcode district,
 * status and times) and coded details, which the network keeps as well.
 */
export const scrubReferral = (referral: Referral): Referral => ({
  ...referral,
  ...(referral.urgentReason != null && { urgentReason: ERASED_TEXT }),
  payload: {
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
  },
  consent: {
    ...referral.consent,
    representativeName: referral.consent.representativeName === null ? null : ERASED_TEXT,
  },
  events: referral.events.map((event) => ({
    ...event,
    data: Object.fromEntries(
      Object.entries(event.data).map(([key, value]) => [
        key,
        FREE_TEXT_KEYS.has(key) && typeof value === 'string' ? ERASED_TEXT : value,
      ]),
    ),
  })),
});
