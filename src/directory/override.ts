import { matchService, type ClientFacts } from '#src/directory/match.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Service } from '#src/wire/directory.ts';
import type { EligibilityOverride } from '#src/wire/referral.ts';

/**
 * Referring a client to a service whose rules exclude them (#4): allowed only
 * with the referrer's reason, which travels on the referral with the rules it
 * overrides. The desk and the server both decide with this function, each
 * from the facts it has (the server sees only what was shared).
 */
export const eligibilityOverride = (
  service: Service,
  facts: ClientFacts,
  reason: string | null | undefined,
): Result<EligibilityOverride | null, 'not-eligible'> => {
  const rules = matchService(service, facts).exclusions.map((e) => e.rule);
  if (rules.length === 0) return ok(null);
  const why = (reason ?? '').trim();
  return why === '' ? err('not-eligible') : ok({ rules, reason: why });
};
