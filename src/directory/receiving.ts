import type { Receiving, Service } from '#src/wire/directory.ts';

/**
 * Whether a service takes referrals on `today` (YYYY-MM-DD, London). A pause
 * with a return date ends by itself on that date, without anyone acting:
 * the desk, the public pages and the server all decide with this function.
 */
export const isReceiving = (receiving: Receiving, today: string): boolean =>
  receiving.state === 'receiving' ||
  (receiving.state === 'paused' && receiving.until !== null && receiving.until <= today);

/**
 * Other services that could take a referral for the same need today: they
 * share an issue with the paused one, are receiving now, and are not it.
 * Those sharing more issues come first. Eligibility for a particular client is
 * checked by the caller (see `match.ts`).
 */
export const alternativesTo = (
  service: Service,
  services: readonly Service[],
  today: string,
  limit = 5,
): Service[] =>
  services
    .filter(
      (s) =>
        s.id !== service.id &&
        isReceiving(s.receiving, today) &&
        s.issues.some((i) => service.issues.includes(i)),
    )
    .map((s) => ({ s, shared: s.issues.filter((i) => service.issues.includes(i)).length }))
    .sort((a, b) => b.shared - a.shared || a.s.name.localeCompare(b.s.name))
    .slice(0, limit)
    .map((x) => x.s);
