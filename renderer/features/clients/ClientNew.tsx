import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { clientInputSchema } from '#src/contract.ts';
import type { ClientInput } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { PREFERRED_CONTACT } from '#src/wire/referral.ts';
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

const LABELS = {
  name: 'Full name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  postcode: 'Postcode',
  preferredContact: 'Best way to contact them',
};

export const CONTACT_LABEL: Record<(typeof PREFERRED_CONTACT)[number], string> = {
  phone: 'Phone call',
  email: 'Email',
  letter: 'Letter',
  'text-message': 'Text message',
  'in-person': 'In person',
};

export const ClientNew = () => {
  const go = useRouter((s) => s.go);
  const [form, setForm] = useState({
    name: '',
    dateOfBirth: '',
    phone: '',
    email: '',
    address: '',
    postcode: '',
    preferredContact: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const update = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input: ClientInput = {
      ...form,
      dateOfBirth: form.dateOfBirth === '' ? null : form.dateOfBirth,
      preferredContact:
        form.preferredContact === ''
          ? null
          : (form.preferredContact as ClientInput['preferredContact']),
    };
    const parsed = clientInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('clients.create', input);
    if (result.ok) go({ name: 'client', id: result.value.id });
    else setProblem(reasonText(result.reason));
  };

  return (
    <>
      <PageHeading>Add a client</PageHeading>
      <p>
        Only the name is needed now. Their details stay on this computer unless they agree to a
        referral.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={LABELS.name} error={errors.name}>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              value={form.name}
              onChange={update('name')}
            />
          )}
        </Field>
        <Field label={LABELS.dateOfBirth} error={errors.dateOfBirth}>
          {(p) => (
            <input {...p} type="date" value={form.dateOfBirth} onChange={update('dateOfBirth')} />
          )}
        </Field>
        <Field label={LABELS.phone} error={errors.phone}>
          {(p) => (
            <input
              {...p}
              type="tel"
              autoComplete="off"
              value={form.phone}
              onChange={update('phone')}
            />
          )}
        </Field>
        <Field label={LABELS.email} error={errors.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="off"
              value={form.email}
              onChange={update('email')}
            />
          )}
        </Field>
        <Field label={LABELS.address} error={errors.address}>
          {(p) => <textarea {...p} rows={3} value={form.address} onChange={update('address')} />}
        </Field>
        <Field label={LABELS.postcode} error={errors.postcode}>
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              className="short"
              value={form.postcode}
              onChange={update('postcode')}
            />
          )}
        </Field>
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
        <button type="submit" className="primary">
          Save client
        </button>
      </form>
    </>
  );
};
