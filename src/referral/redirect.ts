import type { ServiceHit } from '#src/directory/search.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Referral } from '#src/wire/referral.ts';

/**
 * Where to look when sending a client on after a referral ended without help
 * (#12). Never the service or the agency that ended it, and wider when the
 * first look finds nothing: the same issue near the client, then the same
 * issue anywhere in the network. Each wider look says what it let go of.
 */
export type RedirectSearch = {
  issue: IssueCode | null;
  area: string;
  /** What this look let go of, compared with the first; null for the first. */
  widened: null | 'any-area';
};

export const redirectSearches = (referral: Pick<Referral, 'issues' | 'postcodeDistrict'>) => {
  const issue = referral.issues[0] ?? null;
  const area = referral.postcodeDistrict ?? '';
  const first: RedirectSearch = { issue, area, widened: null };
  return area === '' ? [first] : [first, { issue, area: '', widened: 'any-area' as const }];
};

/** Hits without the service, or any service of the agency, that the referral went to. */
export const withoutDecliner = (hits: readonly ServiceHit[], declined: Referral['to']) =>
  hits.filter(
    (h) =>
      h.service.id !== declined.serviceId && h.service.organization_id !== declined.organisationId,
  );

/** The services offered to send on to in one press: not the decliner, and open to this client. */
export const redirectAlternatives = (hits: readonly ServiceHit[], declined: Referral['to']) =>
  withoutDecliner(hits, declined).filter((h) => h.exclusions.length === 0);
