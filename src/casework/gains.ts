import type { CaseOutcome, OutcomePeriod } from '#src/casework/schemas.ts';

/** A year's worth: how agencies report financial gains. */
const PER_YEAR: Record<OutcomePeriod, number> = {
  'one-off': 1,
  weekly: 52,
  monthly: 12,
  yearly: 1,
};

/**
 * The financial gain for a client over a year, in pence: each outcome's
 * amount times how often it is paid. An outcome dated after `today` (stored
 * before dates were checked, #12) has not happened and is not counted.
 */
export const yearlyGainPence = (
  outcomes: readonly Pick<CaseOutcome, 'amountPence' | 'period' | 'achievedOn'>[],
  today: string,
): number =>
  outcomes.reduce(
    (sum, o) => (o.achievedOn > today ? sum : sum + (o.amountPence ?? 0) * PER_YEAR[o.period]),
    0,
  );
