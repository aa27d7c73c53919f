import { londonDate } from '#src/calendar/working-days.ts';
import { sendReferralsSchema } from '#src/contract.ts';
import type { Client } from '#src/contract.ts';
import { maxLengths } from '#src/field-words.ts';
import { factsOf, matchService, type Exclusion } from '#src/directory/match.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { EligibilityRule, Service } from '#src/wire/directory.ts';
import type { Referral } from '#src/wire/referral.ts';
import { Field } from '#renderer/components/forms.tsx';
import { useSession } from '#renderer/app/session.ts';

/**
 * Referring a client the service's rules exclude (#4): the desk shows which
 * rule, and sends only with the adviser's reason; the receiver reads both.
 */

export type Excluded = { service: Service; exclusions: Exclusion[] };

/** The chosen services whose rules exclude this client, with the rules, in words. */
export const useExcluded = (
  client: Client | null,
  services: readonly Service[],
  issues: readonly IssueCode[],
): Excluded[] => {
  const session = useSession((s) => s.session);
  const own = session?.state === 'ready' ? (session.me.organisation?.id ?? null) : null;
  if (client === null) return [];
  const facts = factsOf(client, issues, own, londonDate(new Date()));
  return services
    .map((service) => ({ service, exclusions: matchService(service, facts).exclusions }))
    .filter((e) => e.exclusions.length > 0);
};

export const INELIGIBLE_REASON_LABEL = 'Why refer anyway';
export const INELIGIBLE_REASON_NEEDED =
  'Say why this referral should go ahead although the client does not meet the service’s rules';

/** The desk's own check, beside the one in main/ and on the server. */
export const ineligibleReasonProblem = (excluded: readonly Excluded[], reason: string) =>
  excluded.length > 0 && reason.trim() === '' ? INELIGIBLE_REASON_NEEDED : null;

type FieldProps = {
  excluded: readonly Excluded[];
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
};

/** The rules that exclude the client, per service, and the reason to refer anyway. */
export const IneligibleReasonField = ({ excluded, value, onChange, error }: FieldProps) => {
  if (excluded.length === 0) return null;
  return (
    <section className="exclusions" aria-labelledby="ineligible-heading">
      <h2 id="ineligible-heading">The client may not be eligible</h2>
      {excluded.map(({ service, exclusions }) => (
        <div key={service.id}>
          <p>
            <strong>{service.name}</strong>, {service.organization_name}:
          </p>
          <ul>
            {exclusions.map((e) => (
              <li key={e.rule}>{e.text}</li>
            ))}
          </ul>
        </div>
      ))}
      <Field
        label={INELIGIBLE_REASON_LABEL}
        hint="The receiving agency reads this with the rule it overrides. For example: moving into the area next week, or agreed with their team by phone. Do not include names or other personal details."
        error={error}
        limit={maxLengths<'ineligibleReason'>(sendReferralsSchema).ineligibleReason}
      >
        {(p) => (
          <textarea {...p} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
        )}
      </Field>
    </section>
  );
};

const RULE_WORDS: Record<EligibilityRule, string> = {
  age: 'age range',
  area: 'area served',
  referrer: 'partner organisations only',
};

/** On a referral: sent although the service's rules exclude the client, and why. */
export const EligibilityOverrideNote = ({ referral }: { referral: Referral }) => {
  const override = referral.eligibilityOverride;
  if (!override) return null;
  return (
    <p className="notice">
      <strong>Sent although the client does not meet the service’s rules</strong> (
      {override.rules.map((r) => RULE_WORDS[r]).join(', ')}). The referrer’s reason:{' '}
      {override.reason}
    </p>
  );
};
