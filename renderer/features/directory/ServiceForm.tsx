import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { IssueCode } from '#src/taxonomy.ts';
import {
  editOf,
  openingTimesOf,
  serviceEditSchema,
  type ServiceEditInput,
} from '#src/wire/service-edit.ts';
import type { Service } from '#src/wire/directory.ts';
import { ErrorSummary, Field, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { maxLengths } from '#src/field-words.ts';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';

/** Each field's limit, from the schema that checks it ("contact.name" for the contact's). */
const LIMITS = maxLengths<string>(serviceEditSchema);

const LABELS: Record<string, string> = {
  name: 'Name of the service',
  description: 'What the service does',
  issues: 'What it helps with',
  areas: 'Areas served',
  email: 'Email for referrals',
  phone: 'Phone',
  eligibility_description: 'Who it is for',
  minimum_age: 'Youngest age',
  maximum_age: 'Oldest age',
  other_criteria: 'Other criteria',
  application_process: 'How to refer',
  referral_requirements: 'What the team needs in a referral',
  fees_description: 'Cost',
  languages: 'Languages',
  opening_times: 'Opening times',
  'contact.name': 'Contact person',
  'contact.phone': 'Contact phone',
  'contact.email': 'Contact email',
};

const words = (text: string, split: RegExp): string[] =>
  text
    .split(split)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const age = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/** Field errors for lists typed as text ("areas.1") land on the field itself. */
const fieldOf = (errors: FieldErrors): FieldErrors => {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.replace(/\.\d+$/, '');
    out[field] ??= message;
  }
  return out;
};

type Props = {
  /** The record being edited; absent for a new service. */
  service?: Service;
  submitLabel: string;
  busy: boolean;
  onSubmit: (edit: ServiceEditInput) => void;
};

/**
 * A service's details as its lead keeps them (#4), checked with the same
 * schema the server uses. Saving counts as reviewing the record.
 */
export const ServiceForm = ({ service, submitLabel, busy, onSubmit }: Props) => {
  const start = service === undefined ? null : editOf(service);
  const startTimes = service === undefined ? '' : openingTimesOf(service);
  const [f, setF] = useState({
    name: start?.name ?? '',
    description: start?.description ?? '',
    areas: (start?.areas ?? []).join(', '),
    email: start?.email ?? '',
    phone: start?.phone ?? '',
    accepts_self_referral: start?.accepts_self_referral ?? false,
    eligibility_description: start?.eligibility_description ?? '',
    minimum_age: start?.minimum_age === null || start === null ? '' : String(start.minimum_age),
    maximum_age: start?.maximum_age === null || start === null ? '' : String(start.maximum_age),
    other_criteria: (start?.other_criteria ?? []).join('\n'),
    application_process: start?.application_process ?? '',
    referral_requirements: start?.referral_requirements ?? '',
    fees_description: start?.fees_description ?? '',
    languages: (start?.languages ?? []).join(', '),
    opening_times: startTimes,
    contactName: start?.contact.name ?? '',
    contactPhone: start?.contact.phone ?? '',
    contactEmail: start?.contact.email ?? '',
  });
  const [issues, setIssues] = useState<IssueCode[]>(start?.issues ?? []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const categories = useIssueCategories();
  const set = (key: keyof typeof f) => (value: string | boolean) =>
    setF((prev) => ({ ...prev, [key]: value }));

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const edit: ServiceEditInput = {
      name: f.name,
      description: f.description,
      issues,
      areas: words(f.areas, /[\s,;]+/),
      email: f.email,
      phone: f.phone,
      accepts_self_referral: f.accepts_self_referral,
      eligibility_description: f.eligibility_description,
      minimum_age: age(f.minimum_age),
      maximum_age: age(f.maximum_age),
      other_criteria: words(f.other_criteria, /\n/),
      application_process: f.application_process,
      referral_requirements: f.referral_requirements,
      fees_description: f.fees_description,
      languages: words(f.languages, /[,;]/),
      // Unchanged words keep the structured times the record holds.
      opening_times:
        f.opening_times === startTimes && service !== undefined ? null : f.opening_times,
      contact: { name: f.contactName, phone: f.contactPhone, email: f.contactEmail },
    };
    const parsed = serviceEditSchema.safeParse(edit);
    if (!parsed.success) {
      setErrors(fieldOf(zodFieldErrors(parsed.error.issues)));
      return;
    }
    setErrors({});
    onSubmit(edit);
  };

  // The contact's fields are nested in the schema ("contact.name").
  const nameOf = (key: keyof typeof f): string =>
    key.startsWith('contact') ? `contact.${key.slice(7).toLowerCase()}` : key;
  const text = (key: keyof typeof f, hint?: string, short = false) => (
    <Field
      label={LABELS[nameOf(key)] ?? key}
      {...(hint ? { hint } : {})}
      error={errors[nameOf(key)]}
      limit={LIMITS[nameOf(key)]}
    >
      {(p) => (
        <input
          {...p}
          type="text"
          {...(short ? { className: 'short', inputMode: 'numeric' as const } : {})}
          value={String(f[key])}
          onChange={(e) => set(key)(e.target.value)}
        />
      )}
    </Field>
  );
  const area = (key: keyof typeof f, hint?: string, rows = 3) => (
    <Field
      label={LABELS[key] ?? key}
      {...(hint ? { hint } : {})}
      error={errors[key]}
      limit={LIMITS[key]}
    >
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          value={String(f[key])}
          onChange={(e) => set(key)(e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form onSubmit={submit} noValidate className="form">
        {text('name')}
        {area('description', undefined, 4)}
        <fieldset className={errors.issues ? 'field-error' : ''}>
          <legend>{LABELS.issues}</legend>
          {errors.issues && <p className="error-message">{errors.issues}</p>}
          <div className="checkboxes columns">
            {categories.map((c) => (
              <label key={c.code}>
                <input
                  type="checkbox"
                  checked={issues.includes(c.code)}
                  onChange={(e) =>
                    setIssues((list) =>
                      e.target.checked
                        ? [...list.filter((x) => x !== c.code), c.code]
                        : list.filter((x) => x !== c.code),
                    )
                  }
                />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Who can use it</legend>
          {area('eligibility_description', 'In words, for advisers and the public.')}
          {text('minimum_age', 'Leave empty for no lower limit.', true)}
          {text('maximum_age', 'Leave empty for no upper limit.', true)}
          {text(
            'areas',
            'Postcode districts (NR1) or areas (NR), separated by commas. Leave empty for anywhere in the network.',
          )}
          {area('other_criteria', 'One per line, for the adviser to check with the client.')}
        </fieldset>
        <fieldset>
          <legend>Referrals</legend>
          {area('application_process')}
          {area('referral_requirements')}
          <div className="checkboxes">
            <label>
              <input
                type="checkbox"
                checked={f.accepts_self_referral}
                onChange={(e) => set('accepts_self_referral')(e.target.checked)}
              />
              Accepts self-referrals from the public directory
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Practical details</legend>
          {area('opening_times', 'For example: Monday to Friday 10:00–14:00.', 2)}
          {text('fees_description', 'For example: Free.')}
          {text('languages', 'Separated by commas, for example: English, Polish, BSL.')}
          {text('email')}
          {text('phone')}
          {text('contactName')}
          {text('contactPhone')}
          {text('contactEmail')}
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </form>
    </>
  );
};
