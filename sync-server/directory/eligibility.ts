import { londonDate } from '#src/calendar/working-days.ts';
import { ageOn, NO_FACTS, type ClientFacts } from '#src/directory/match.ts';
import { eligibilityOverride } from '#src/directory/override.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { ok, type Result } from '#src/result.ts';
import type { Command } from '#src/wire/commands.ts';
import { ELIGIBILITY_RULES, type Service } from '#src/wire/directory.ts';
import type { EligibilityOverride } from '#src/wire/referral.ts';

type Send = Extract<Command, { type: 'referral.send' }>;

/**
 * What the server can check of a service's rules: the sending organisation,
 * the postcode district sent as metadata, and the age when the date of birth
 * was shared. Unknown facts never exclude (as on the desk).
 */
const factsOf = (c: Send, from: string, at: Date): ClientFacts => {
  const { dateOfBirth, postcode } = c.payload.client;
  const age = dateOfBirth === null ? null : ageOn(dateOfBirth, londonDate(at));
  return {
    ...NO_FACTS,
    age: age === null || Number.isNaN(age) ? null : age,
    district: c.postcodeDistrict ?? (postcode === null ? null : postcodeDistrict(postcode)),
    organisationId: from,
  };
};

/**
 * The eligibility override recorded on a referral (#4): refused when the
 * server finds a rule that excludes the client and the referrer gave no
 * reason; otherwise the rules found here and those the desk declared (it may
 * know facts that were not shared), with the referrer's reason.
 */
export const checkEligibility = (
  service: Service,
  c: Send,
  from: string,
  at: Date,
): Result<EligibilityOverride | null, 'not-eligible'> => {
  const declared = c.eligibilityOverride ?? null;
  const found = eligibilityOverride(service, factsOf(c, from, at), declared?.reason);
  if (!found.ok) return found;
  if (found.value === null) return ok(declared);
  const rules = new Set([...found.value.rules, ...(declared?.rules ?? [])]);
  return ok({ rules: ELIGIBILITY_RULES.filter((r) => rules.has(r)), reason: found.value.reason });
};
