import { useState } from 'react';
import { draftKeys, useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { clientDetailsSchema, VULNERABILITY_FLAGS } from '#src/casework/schemas.ts';
import type { ClientDetailsInput, VulnerabilityFlag } from '#src/casework/schemas.ts';
import type { Client } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { localDay } from '#src/contact-fields.ts';
import { PREFERRED_CONTACT } from '#src/wire/referral.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

export const CONTACT_LABEL: Record<(typeof PREFERRED_CONTACT)[number], string> = {
  phone: 'Phone call',
  email: 'Email',
  letter: 'Letter',
  'text-message': 'Text message',
  'in-person': 'In person',
};

const LABELS = {
  name: 'Full name',
  otherNames: 'Other names',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  postcode: 'Postcode',
  preferredContact: 'Best way to contact them',
  contactNotes: 'Anything to know before contacting them',
  household: 'Household',
  language: 'Preferred language',
  interpreterNeeded: 'Needs an interpreter',
  accessibilityNeeds: 'Accessibility needs',
  vulnerabilities: 'Things to be aware of',
};

/** Each field's limit, from the schema that checks it. */
const LIMITS = maxLengths<keyof typeof LABELS>(clientDetailsSchema);

type Form = Record<
  | 'name'
  | 'otherNames'
  | 'dateOfBirth'
  | 'phone'
  | 'email'
  | 'address'
  | 'postcode'
  | 'preferredContact'
  | 'contactNotes'
  | 'household'
  | 'language'
  | 'accessibilityNeeds',
  string
>;

const fromClient = (c: Client | null): Form => ({
  name: c?.name ?? '',
  otherNames: c?.otherNames ?? '',
  dateOfBirth: c?.dateOfBirth ?? '',
  phone: c?.phone ?? '',
  email: c?.email ?? '',
  address: c?.address ?? '',
  postcode: c?.postcode ?? '',
  preferredContact: c?.preferredContact ?? '',
  contactNotes: c?.contactNotes ?? '',
  household: c?.household ?? '',
  language: c?.language ?? '',
  accessibilityNeeds: c?.accessibilityNeeds ?? '',
});

const TEXT_FIELDS: {
  key: keyof Form;
  type: 'text' | 'tel' | 'email';
  hint?: string;
  short?: boolean;
}[] = [
  { key: 'phone', type: 'tel' },
  { key: 'email', type: 'email' },
];

/** Adds a client (client = null) or changes their details, then opens their page. */
export const ClientForm = ({ client }: { client: Client | null }) => {
  const go = useRouter((s) => s.go);
  const draft = draftKeys('client', client?.id ?? 'new');
  const [form, setForm] = useDraft<Form>(draft('details'), () => fromClient(client));
  const [interpreterNeeded, setInterpreterNeeded] = useDraft(
    draft('interpreter'),
    client?.interpreterNeeded ?? false,
  );
  const [flags, setFlags] = useDraft<VulnerabilityFlag[]>(
    draft('flags'),
    client?.vulnerabilities ?? [],
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const update = (key: keyof Form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
  };
  const text = (
    key: keyof Form,
    type: 'text' | 'tel' | 'email' = 'text',
    hint?: string,
    className?: string,
  ) => (
    <Field
      key={key}
      label={LABELS[key]}
      error={errors[key]}
      limit={LIMITS[key]}
      {...(hint ? { hint } : {})}
    >
      {(p) => (
        <input
          {...p}
          type={type}
          autoComplete="off"
          {...(className ? { className } : {})}
          value={form[key]}
          onChange={update(key)}
        />
      )}
    </Field>
  );

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const details: ClientDetailsInput = {
      ...form,
      dateOfBirth: form.dateOfBirth === '' ? null : form.dateOfBirth,
      preferredContact:
        form.preferredContact === ''
          ? null
          : (form.preferredContact as ClientDetailsInput['preferredContact']),
      interpreterNeeded,
      vulnerabilities: flags,
    };
    const parsed = clientDetailsSchema.safeParse(details);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('clients.save', { id: client?.id ?? null, details });
    if (result.ok) go({ name: 'client', id: result.value.id });
    else setProblem(reasonText(result.reason));
  };

  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        {text('name')}
        {text('otherNames', 'text', 'Previous or preferred names, if any')}
        <Field label={LABELS.dateOfBirth} error={errors.dateOfBirth}>
          {(p) => (
            <input
              {...p}
              type="date"
              max={localDay()}
              value={form.dateOfBirth}
              onChange={update('dateOfBirth')}
            />
          )}
        </Field>
        {TEXT_FIELDS.map((f) => text(f.key, f.type))}
        <Field label={LABELS.address} error={errors.address} limit={LIMITS.address}>
          {(p) => <textarea {...p} rows={3} value={form.address} onChange={update('address')} />}
        </Field>
        {text('postcode', 'text', undefined, 'short')}
        <Field label={LABELS.preferredContact} error={errors.preferredContact}>
          {(p) => (
            <select {...p} value={form.preferredContact} onChange={update('preferredContact')}>
              <option value="">Not known</option>
              {PREFERRED_CONTACT.map((c) => (
                <option key={c} value={c}>
                  {CONTACT_LABEL[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text(
          'contactNotes',
          'text',
          'For example: do not leave a voicemail, or only call after 3pm',
        )}
        <Field
          label={LABELS.household}
          hint="Who they live with, and any children"
          error={errors.household}
          limit={LIMITS.household}
        >
          {(p) => (
            <textarea {...p} rows={2} value={form.household} onChange={update('household')} />
          )}
        </Field>
        {text('language')}
        <div className="checkboxes">
          <label>
            <input
              type="checkbox"
              checked={interpreterNeeded}
              onChange={(e) => setInterpreterNeeded(e.target.checked)}
            />
            {LABELS.interpreterNeeded}
          </label>
        </div>
        <Field
          label={LABELS.accessibilityNeeds}
          hint="For example: large print, a hearing loop, step-free access"
          error={errors.accessibilityNeeds}
          limit={LIMITS.accessibilityNeeds}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={form.accessibilityNeeds}
              onChange={update('accessibilityNeeds')}
            />
          )}
        </Field>
        <fieldset>
          <legend>{LABELS.vulnerabilities}</legend>
          <div className="checkboxes columns">
            {VULNERABILITY_FLAGS.map((f) => (
              <label key={f.code}>
                <input
                  type="checkbox"
                  checked={flags.includes(f.code)}
                  onChange={(e) =>
                    setFlags(
                      e.target.checked ? [...flags, f.code] : flags.filter((x) => x !== f.code),
                    )
                  }
                />
                {f.label}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="primary">
          Save client
        </button>
      </form>
    </>
  );
};
