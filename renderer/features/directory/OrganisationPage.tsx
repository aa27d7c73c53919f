import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import {
  organisationEditSchema,
  type OrganisationEditInput,
  type OrganisationView,
} from '#src/wire/organisation-edit.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { useMe } from '#renderer/features/directory/role.ts';

const LABELS: Record<keyof OrganisationEditInput, string> = {
  name: 'Name of the agency',
  description: 'About the agency',
  website: 'Website',
  email: 'Email',
  phone: 'Phone',
};
const LIMITS = maxLengths<keyof OrganisationEditInput>(organisationEditSchema);

const OrganisationForm = ({
  organisation,
  onSaved,
}: {
  organisation: OrganisationView;
  onSaved: (saved: OrganisationView) => void;
}) => {
  const [f, setF] = useState<Record<keyof OrganisationEditInput, string>>({
    name: organisation.name,
    description: organisation.description,
    website: organisation.website ?? '',
    email: organisation.email ?? '',
    phone: organisation.phone ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = organisationEditSchema.safeParse(f);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('organisation.update', { id: organisation.id, edit: f });
      if (result.ok) onSaved(result.value);
      else setProblem(reasonText(result.reason));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof OrganisationEditInput) => (
    <Field label={LABELS[key]} error={errors[key]} limit={LIMITS[key]}>
      {(p) =>
        key === 'description' ? (
          <textarea
            {...p}
            rows={4}
            value={f[key]}
            onChange={(e) => setF({ ...f, [key]: e.target.value })}
          />
        ) : (
          <input
            {...p}
            type="text"
            value={f[key]}
            onChange={(e) => setF({ ...f, [key]: e.target.value })}
          />
        )
      }
    </Field>
  );
  return (
    <section aria-labelledby="change-organisation">
      <h2 id="change-organisation">Change the agency’s details</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        {field('name')}
        {field('description')}
        {field('website')}
        {field('email')}
        {field('phone')}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save the agency’s details'}
        </button>
      </form>
    </section>
  );
};

/** An agency's page in the directory (#4): what it is; its lead keeps it true. */
export const OrganisationPage = ({ id }: { id: string }) => {
  const me = useMe();
  const load = useCallback(() => call('organisation.get', { id }), [id]);
  const [loaded, reload] = useDeskQuery(load, ['directory']);
  const [saved, setSaved] = useState<string | null>(null);
  if (loaded === null) return <p className="loading">Loading…</p>;
  if (!loaded.ok) return <Problem message={reasonText(loaded.reason)} />;
  const o = loaded.value;
  const canEdit =
    me?.user.role === 'coordinator' || (me?.user.role === 'lead' && me.organisation?.id === o.id);
  const rows: [string, string | null][] = [
    ['About', o.description === '' ? null : o.description],
    ['Website', o.website],
    ['Email', o.email],
    ['Phone', o.phone],
  ];
  return (
    <>
      <PageHeading>{o.name}</PageHeading>
      <p role="status">{saved ?? ''}</p>
      <dl className="summary">
        {rows
          .filter((r): r is [string, string] => r[1] !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {canEdit && (
        <OrganisationForm
          key={JSON.stringify(o)}
          organisation={o}
          onSaved={() => {
            setSaved('Saved. Every desk in the network now sees it.');
            void reload();
          }}
        />
      )}
    </>
  );
};
