import { useEffect, useState } from 'react';
import { draftKeys, hasDraft, useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { sendReferralsSchema } from '#src/contract.ts';
import type { Client, DeskReferral, SendReferralsInput } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { DECLINE_REASON_LABEL, DECLINE_REASONS, STATUS_LABEL } from '#src/referral/lifecycle.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';
import { CONSENT_METHODS } from '#src/wire/referral.ts';
import type { ShareableField } from '#src/wire/referral.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { ReceivingNote } from '#renderer/features/directory/ServiceList.tsx';
import { ServiceSearch } from '#renderer/features/directory/ServiceSearch.tsx';
import {
  INELIGIBLE_REASON_LABEL,
  IneligibleReasonField,
  ineligibleReasonProblem,
  useExcluded,
} from '#renderer/features/directory/Eligibility.tsx';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';

const METHOD_LABEL: Record<(typeof CONSENT_METHODS)[number], string> = {
  'in-person': 'In person',
  phone: 'By phone',
  written: 'In writing',
  online: 'Online',
};

const FIELD_LABEL: Record<ShareableField, string> = {
  name: 'Name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  postcode: 'Postcode',
  preferredContact: 'Best way to contact',
};

const LABELS = {
  serviceIds: 'Services',
  urgentReason: 'Why it is urgent',
  issues: 'What the referral is about',
  needs: 'What help the client needs',
  'consent.given': 'Consent',
  'consent.shared': 'What to share',
  ineligibleReason: INELIGIBLE_REASON_LABEL,
};
const LIMITS = maxLengths<keyof typeof LABELS>(sendReferralsSchema);

/** Fields of this client that hold something, so there is something to share. */
const recorded = (client: Client): ShareableField[] =>
  (Object.keys(FIELD_LABEL) as ShareableField[]).filter((f) => client[f] !== null);

/** Why the earlier referral ended, for the redirect notice. */
const endedBecause = (from: DeskReferral): string => {
  const declined = from.referral.events.findLast((e) => e.type === 'declined');
  const reason = declined?.data.reason;
  const coded = DECLINE_REASONS.find((r) => r === reason);
  return coded === undefined
    ? STATUS_LABEL[from.referral.status].toLowerCase()
    : `declined: ${DECLINE_REASON_LABEL[coded].toLowerCase()}`;
};

/**
 * Refers a client to one or more services with the same details, typed once.
 * With `from`, it sends the client on after an earlier referral was declined:
 * prefilled from it and linked to it, with consent asked again.
 */
export const ReferPage = ({ clientId, from }: { clientId: string; from?: DeskReferral }) => {
  const go = useRouter((s) => s.go);
  const [client, setClient] = useState<Client | null>(null);
  // Kept through a lock (#5); a redirect's form is a different draft from a fresh one.
  const draft = draftKeys('refer', clientId, from?.referral.id ?? 'new');
  const [sharedWasKept] = useState(() => hasDraft(draft('shared')));
  const [services, setServices] = useDraft<Service[]>(draft('services'), []);
  const [searching, setSearching] = useDraft(draft('searching'), true);
  const [issues, setIssues] = useDraft<IssueCode[]>(draft('issues'), from?.referral.issues ?? []);
  const [needs, setNeeds] = useDraft(draft('needs'), from?.referral.payload.needs ?? '');
  const [urgent, setUrgent] = useDraft(draft('urgent'), from?.referral.urgent ?? false);
  const [urgentReason, setUrgentReason] = useDraft(
    draft('urgent-reason'),
    from?.referral.urgentReason ?? '',
  );
  const [consentGiven, setConsentGiven] = useDraft(draft('consent'), false);
  const [givenBy, setGivenBy] = useDraft<'client' | 'representative'>(draft('given-by'), 'client');
  const [representativeName, setRepresentativeName] = useDraft(draft('representative'), '');
  const [method, setMethod] = useDraft<(typeof CONSENT_METHODS)[number]>(
    draft('method'),
    'in-person',
  );
  const [shared, setShared] = useDraft<ShareableField[]>(draft('shared'), []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ineligibleReason, setIneligibleReason] = useDraft(draft('ineligible-reason'), '');
  const excluded = useExcluded(client, services, issues);
  const categories = useIssueCategories();

  useEffect(() => {
    void call('clients.get', { id: clientId }).then((found) => {
      if (found.ok) {
        setClient(found.value);
        // What the adviser chose to share before the desk locked stands as they left it.
        if (sharedWasKept) return;
        // A redirect shares what the client agreed to share before; they confirm it again.
        const before = from?.referral.consent.shared;
        setShared(recorded(found.value).filter((f) => before === undefined || before.includes(f)));
      } else setProblem(reasonText(found.reason));
    });
  }, [clientId, from, sharedWasKept, setShared]);

  const choose = (chosen: Service) => {
    setServices((list) => [...list.filter((s) => s.id !== chosen.id), chosen]);
    if (issues.length === 0) setIssues(chosen.issues.slice(0, 1));
    setSearching(false);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request: SendReferralsInput = {
      clientId,
      serviceIds: services.map((s) => s.id),
      issues,
      needs,
      urgent,
      urgentReason: urgent ? urgentReason : null,
      redirectedFrom: from?.referral.id ?? null,
      ineligibleReason: excluded.length > 0 ? ineligibleReason : null,
      consent: {
        // The schema requires `true`; an unticked box is reported as a field error.
        given: consentGiven as true,
        givenBy,
        representativeName: givenBy === 'representative' ? representativeName : null,
        method,
        shared,
      },
    };
    const parsed = sendReferralsSchema.safeParse(request);
    const ineligible = ineligibleReasonProblem(excluded, ineligibleReason);
    if (!parsed.success || ineligible !== null) {
      setErrors({
        ...(parsed.success ? {} : zodFieldErrors(parsed.error.issues)),
        ...(ineligible !== null && { ineligibleReason: ineligible }),
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('referrals.sendMany', request);
      if (!result.ok) setProblem(reasonText(result.reason));
      else if (result.value.referralIds.length === 1 && result.value.referralIds[0])
        go({ name: 'referral', id: result.value.referralIds[0] });
      else go({ name: 'referrals', direction: 'outgoing' });
    } finally {
      setBusy(false);
    }
  };

  if (client === null) return problem === null ? <p>Loading…</p> : <Problem message={problem} />;

  const redirectNote = from && (
    <p className="notice">
      {from.referral.to.organisationName} {endedBecause(from)}. This sends {client.name} on to
      another service, with the same details. Ask the client again before you send it: their consent
      is needed for this new referral.
    </p>
  );

  if (searching || services.length === 0) {
    return (
      <>
        <PageHeading>
          {from ? `Send ${client.name} on` : `Refer ${client.name}`}: choose{' '}
          {services.length > 0 ? 'another' : 'a'} service
        </PageHeading>
        {redirectNote}
        {services.length > 0 && (
          <p>
            <button type="button" className="link" onClick={() => setSearching(false)}>
              Back to the referral to {services.map((s) => s.name).join(', ')}
            </button>
          </p>
        )}
        <ServiceSearch
          onChoose={choose}
          chooseLabel="Refer to this service"
          clientId={clientId}
          // Sending on after a decline: start where the first referral was aimed (#3).
          {...(from && {
            start: {
              ...(from.referral.issues[0] !== undefined && { issue: from.referral.issues[0] }),
              area: from.referral.postcodeDistrict ?? '',
              receivingNow: true,
            },
            exclude: from.referral.to,
          })}
        />
      </>
    );
  }
  const [only] = services;

  const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  return (
    <>
      <PageHeading>
        Refer {client.name} to{' '}
        {services.length === 1 && only ? only.name : `${String(services.length)} services`}
      </PageHeading>
      {redirectNote}
      <ul className="chosen-services" aria-label="Services this referral goes to">
        {services.map((s) => (
          <li key={s.id}>
            {s.name}, {s.organization_name}. <ReceivingNote service={s} />{' '}
            <button
              type="button"
              className="link"
              onClick={() => setServices((list) => list.filter((x) => x.id !== s.id))}
            >
              Remove {s.name}
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" className="link" onClick={() => setSearching(true)}>
          Add another service
        </button>{' '}
        <span className="hint">(one referral each, from the details below)</span>
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <IneligibleReasonField
          excluded={excluded}
          value={ineligibleReason}
          onChange={setIneligibleReason}
          error={errors.ineligibleReason}
        />
        <fieldset className={errors.issues ? 'field-error' : ''}>
          <legend>{LABELS.issues}</legend>
          {errors.issues && <p className="error-message">{errors.issues}</p>}
          <div className="checkboxes columns">
            {categories.map((c) => (
              <label key={c.code}>
                <input
                  type="checkbox"
                  checked={issues.includes(c.code)}
                  onChange={(e) => setIssues(toggle(issues, c.code, e.target.checked))}
                />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label={LABELS.needs}
          hint="What has happened, and what you are asking them to do. Keep to what they need to help."
          error={errors.needs}
          limit={LIMITS.needs}
        >
          {(p) => (
            <textarea {...p} rows={5} value={needs} onChange={(e) => setNeeds(e.target.value)} />
          )}
        </Field>
        <div className="checkboxes">
          <label>
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
            Urgent: the client is at risk if this waits (shorter deadlines)
          </label>
        </div>
        {urgent && (
          <Field
            label={LABELS.urgentReason}
            hint="For example: eviction on Friday. The network's reports can see this, so do not include names or other personal details."
            error={errors.urgentReason}
            limit={LIMITS.urgentReason}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                value={urgentReason}
                onChange={(e) => setUrgentReason(e.target.value)}
              />
            )}
          </Field>
        )}

        <fieldset className={errors['consent.given'] ? 'field-error' : ''}>
          <legend>The client’s consent</legend>
          <p className="hint">
            Explain to the client what will be shared with{' '}
            {[...new Set(services.map((s) => s.organization_name))].join(' and ')} and why. Only
            send the referral if they agree. The first part of their postcode (such as NR1) is
            always sent, so the network can see where help is needed.
          </p>
          {errors['consent.given'] && <p className="error-message">{errors['consent.given']}</p>}
          <div className="checkboxes">
            <label>
              <input
                type="checkbox"
                checked={consentGiven}
                onChange={(e) => setConsentGiven(e.target.checked)}
              />
              The client agrees to this referral and to sharing the details below
            </label>
          </div>
          <Field label="Who gave consent">
            {(p) => (
              <select
                {...p}
                value={givenBy}
                onChange={(e) => setGivenBy(e.target.value as 'client' | 'representative')}
              >
                <option value="client">The client</option>
                <option value="representative">Someone acting for the client</option>
              </select>
            )}
          </Field>
          {givenBy === 'representative' && (
            <Field
              label="Name of the person acting for the client"
              limit={maxLengths<string>(sendReferralsSchema)['consent.representativeName']}
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={representativeName}
                  onChange={(e) => setRepresentativeName(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field label="How consent was given">
            {(p) => (
              <select
                {...p}
                value={method}
                onChange={(e) => setMethod(e.target.value as (typeof CONSENT_METHODS)[number])}
              >
                {CONSENT_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {METHOD_LABEL[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className={errors['consent.shared'] ? 'field-error' : ''}>
            <legend>{LABELS['consent.shared']}</legend>
            {errors['consent.shared'] && (
              <p className="error-message">{errors['consent.shared']}</p>
            )}
            <div className="checkboxes">
              {recorded(client).map((f) => (
                <label key={f}>
                  <input
                    type="checkbox"
                    checked={f === 'name' || shared.includes(f)}
                    disabled={f === 'name'}
                    onChange={(e) => setShared(toggle(shared, f, e.target.checked))}
                  />
                  {FIELD_LABEL[f]}:{' '}
                  {f === 'dateOfBirth' && client.dateOfBirth
                    ? formatDate(client.dateOfBirth)
                    : String(client[f])}
                  {f === 'name' ? ' (always shared, so they can contact the client)' : ''}
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send referral'}
        </button>
      </form>
    </>
  );
};
