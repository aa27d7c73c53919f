import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { setAgencyContactSchema } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

const loadContact = () => call('agency.contact', {});

/**
 * For the agency's lead, under the incoming referrals (#3): where the
 * network's "new referral" emails go. The emails never name the client.
 */
const LIMITS = maxLengths<string>(setAgencyContactSchema);

export const AgencyContact = () => {
  const [current, reload] = useDeskQuery(loadContact, []);
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const shown = current?.ok ? current.value.email : null;

  const save = useCallback(
    async (e: SubmitEvent<HTMLFormElement>) => {
      e.preventDefault();
      const request = { email: (editing ?? '').trim() };
      const parsed = setAgencyContactSchema.safeParse(request);
      setErrors(parsed.success ? {} : zodFieldErrors(parsed.error.issues));
      if (!parsed.success) return;
      setBusy(true);
      try {
        const result = await call('agency.setContact', request);
        if (!result.ok) setProblem(reasonText(result.reason));
        else {
          setProblem(null);
          setEditing(null);
          setSaved(true);
          await reload();
        }
      } finally {
        setBusy(false);
      }
    },
    [editing, reload],
  );

  return (
    <section aria-labelledby="agency-contact-heading">
      <h2 id="agency-contact-heading">Emails about new referrals</h2>
      {current !== null && !current.ok && <Problem message={reasonText(current.reason)} />}
      {current?.ok && (
        <p role={saved ? 'status' : undefined}>
          {shown === null
            ? 'The network emails your agency’s leads when a referral arrives.'
            : `The network emails ${shown} when a referral arrives.`}{' '}
          The emails never name the client.
        </p>
      )}
      <Problem message={problem} />
      {editing === null ? (
        <button
          type="button"
          onClick={() => {
            setSaved(false);
            setEditing(shown ?? '');
          }}
        >
          Change where they go
        </button>
      ) : (
        <form className="step-form" noValidate onSubmit={(e) => void save(e)}>
          <Field
            label="Email address for new referrals"
            hint="Often a shared inbox that someone checks every day. Leave it empty to email your agency’s leads."
            error={errors.email}
            limit={LIMITS.email}
          >
            {(p) => (
              <input
                {...p}
                type="email"
                value={editing}
                onChange={(e) => {
                  setEditing(e.target.value);
                }}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
};
