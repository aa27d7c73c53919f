import { isReceiving } from '#src/directory/receiving.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { EligibilityRule, Service } from '#src/wire/directory.ts';

/**
 * Whether a client can use a service, from what the desk knows about them.
 * Unknown facts never exclude: a rule the desk cannot check is left for the
 * adviser. Each exclusion names its rule, in words an adviser can repeat.
 */
export type ClientFacts = {
  /** Age in whole years today, when the date of birth is known. */
  age: number | null;
  /** Postcode district ("NR1"), when the postcode is known. */
  district: string | null;
  issues: readonly IssueCode[];
  /** The referring organisation (the adviser's own). */
  organisationId: string | null;
};

export const NO_FACTS: ClientFacts = {
  age: null,
  district: null,
  issues: [],
  organisationId: null,
};

export type ExclusionRule = EligibilityRule;
export type Exclusion = { rule: ExclusionRule; text: string };

export type Match = {
  exclusions: Exclusion[];
  /** How many of the service's own rules this client specifically meets (0 = "accepts anyone"). */
  specific: number;
  /** How many of the client's issues the service helps with. */
  issues: number;
};

/** Whole years between a date of birth and today (both YYYY-MM-DD). */
export const ageOn = (dateOfBirth: string, today: string): number => {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  if ([by, bm, bd, ty, tm, td].some((n) => n === undefined || Number.isNaN(n))) return NaN;
  const years = (ty ?? 0) - (by ?? 0);
  return (tm ?? 0) < (bm ?? 0) || ((tm ?? 0) === (bm ?? 0) && (td ?? 0) < (bd ?? 0))
    ? years - 1
    : years;
};

/** The facts a desk can work out from a client record. */
export const factsOf = (
  client: { dateOfBirth: string | null; postcode: string | null },
  issues: readonly IssueCode[],
  organisationId: string | null,
  today: string,
): ClientFacts => {
  const age = client.dateOfBirth === null ? null : ageOn(client.dateOfBirth, today);
  return {
    age: age === null || Number.isNaN(age) ? null : age,
    district: client.postcode === null ? null : postcodeDistrict(client.postcode),
    issues,
    organisationId,
  };
};

const ageRange = (min: number | null, max: number | null): string =>
  max === null ? `${min ?? 0} and over` : min === null ? `up to ${max}` : `${min} to ${max}`;

/**
 * Does a service's area list cover a district? Entries are districts ("NR1")
 * or whole postcode areas ("NR", letters only).
 */
export const servesDistrict = (areas: readonly string[], district: string): boolean =>
  areas.some(
    (a) => a === district || (/^[A-Z]{1,2}$/.test(a) && district.replace(/\d.*$/, '') === a),
  );

export const matchService = (service: Service, facts: ClientFacts): Match => {
  const exclusions: Exclusion[] = [];
  let specific = 0;
  const { minimum_age: min, maximum_age: max } = service;
  if ((min !== null || max !== null) && facts.age !== null) {
    if ((min !== null && facts.age < min) || (max !== null && facts.age > max)) {
      exclusions.push({
        rule: 'age',
        text: `For ages ${ageRange(min, max)}; the client is ${facts.age}.`,
      });
    } else specific += 1;
  }
  if (service.areas.length > 0 && facts.district !== null) {
    if (!servesDistrict(service.areas, facts.district)) {
      exclusions.push({
        rule: 'area',
        text: `Only for ${service.areas.join(', ')}; the client lives in ${facts.district}.`,
      });
    } else specific += 1;
  }
  const referrers = service.eligibility.referring_organization_ids;
  if (referrers.length > 0 && facts.organisationId !== null) {
    if (!referrers.includes(facts.organisationId)) {
      exclusions.push({
        rule: 'referrer',
        text: 'Takes referrals only from named partner organisations, and yours is not one.',
      });
    } else specific += 1;
  }
  const issues = facts.issues.filter((i) => service.issues.includes(i)).length;
  return { exclusions, specific, issues };
};

/** Is the service taking referrals today and open to this client? */
export const canTake = (service: Service, facts: ClientFacts, today: string): boolean =>
  isReceiving(service.receiving, today) && matchService(service, facts).exclusions.length === 0;
