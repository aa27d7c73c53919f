import { useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { sendReferralSchema } from '#src/contract.ts';
import type { Client, SendReferralInput } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { ISSUE_CATEGORIES } from '#src/taxonomy.ts';
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
  serviceId: 'Service',
  issues: 'What the referral is about',
  needs: 'What help the client needs',
  'consent.given': 'Consent',
  'consent.shared': 'What to share',
};

/** Fields of this client that hold something, so there is something to share. */
const recorded = (client: Client): ShareableField[] =>
  (Object.keys(FIELD_LABEL) as ShareableField[]).filter((f) => client[f] !== null);

export const ReferPage = ({ clientId }: { clientId: string }) => {
  const go = useRouter((s) => s.go);
  const [client, setClient] = useState<Client | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [issues, setIssues] = useState<IssueCode[]>([]);
  const [needs, setNeeds] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [consentGiven, setConsentGiven] = useState(false);
  const [givenBy, setGivenBy] = useState<'client' | 'representative'>('client');
  const [representativeName, setRepresentativeName] = useState('');
  const [method, setMethod] = useState<(typeof CONSENT_METHODS)[number]>('in-person');
  const [shared, setShared] = useState<ShareableField[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('clients.get', { id: clientId }).then((found) => {
      if (found.ok) {
        setClient(found.value);
        setShared(recorded(found.value));
      } else setProblem(reasonText(found.reason));
    });
  }, [clientId]);

  const choose = (chosen: Service) => {
    setService(chosen);
    setIssues(chosen.issues.slice(0, 1));
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    if (service === null) return;
    const request: SendReferralInput = {
      clientId,
      serviceId: service.id,
      issues,
      needs,
      urgent,
      consent: {
        // The schema requires `true`; an unticked box is reported as a field error.
        given: consentGiven as true,
        givenBy,
        representativeName: givenBy === 'representative' ? representativeName : null,
        method,
        shared,
      },
    };
    const parsed = sendReferralSchema.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('referrals.send', request);
      if (result.ok) go({ name: 'referral', id: result.value.referralId });
      else setProblem(reasonText(result.reason));
    } finally {
      setBusy(false);
    }
  };

  if (client === null) return problem === null ? <p>Loading…</p> : <Problem message={problem} />;

  if (service === null) {
    return (
      <>
        <PageHeading>Refer {client.name}: choose a service</PageHeading>
        <ServiceSearch onChoose={choose} chooseLabel="Refer to this service" />
      </>
    );
  }

  const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  return (
    <>
      <PageHeading>
        Refer {client.name} to {service.name}
      </PageHeading>
      <p>
        {service.organization_name}. <ReceivingNote service={service} />{' '}
        <button type="button" className="link" onClick={() => setService(null)}>
          Choose a different service
        </button>
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset className={errors.issues ? 'field-error' : ''}>
          <legend>{LABELS.issues}</legend>
          {errors.issues && <p className="error-message">{errors.issues}</p>}
          <div className="checkboxes columns">
            {ISSUE_CATEGORIES.map((c) => (
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

        <fieldset className={errors['consent.given'] ? 'field-error' : ''}>
          <legend>The client’s consent</legend>
          <p className="hint">
            Explain to the client what will be shared with {service.organization_name} and why. Only
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
            <Field label="Name of the person acting for the client">
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
