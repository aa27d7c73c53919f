import { useCallback, useState } from 'react';
import { draftKeys, useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { caseInputSchema } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { localDay } from '#src/contact-fields.ts';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

const LABELS = { issues: 'What the case is about', summary: 'Summary', openedOn: 'Opened on' };

const today = (): string => localDay();

const LIMITS = maxLengths<'summary'>(caseInputSchema);

export const CaseNew = ({ clientId }: { clientId: string }) => {
  const categories = useIssueCategories();
  const go = useRouter((s) => s.go);
  const load = useCallback(() => call('clients.get', { id: clientId }), [clientId]);
  const [client] = useDeskQuery(load, []);
  const draft = draftKeys('case-new', clientId);
  const [issues, setIssues] = useDraft<IssueCode[]>(draft('issues'), []);
  const [summary, setSummary] = useDraft(draft('summary'), '');
  const [openedOn, setOpenedOn] = useDraft(draft('opened-on'), today);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  if (client === null) return <p>Loading…</p>;
  if (!client.ok) return <Problem message={reasonText(client.reason)} />;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = { clientId, issues, summary, openedOn };
    const parsed = caseInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('cases.open', input);
    if (result.ok) go({ name: 'case', id: result.value.id });
    else setProblem(reasonText(result.reason));
  };

  return (
    <>
      <PageHeading>Open a case for {client.value.name}</PageHeading>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
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
                    setIssues(
                      e.target.checked ? [...issues, c.code] : issues.filter((x) => x !== c.code),
                    )
                  }
                />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label={LABELS.summary}
          hint="A line or two: what the client wants help with"
          error={errors.summary}
          limit={LIMITS.summary}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.openedOn} error={errors.openedOn}>
          {(p) => (
            <input
              {...p}
              type="date"
              value={openedOn}
              onChange={(e) => setOpenedOn(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          Open case
        </button>
      </form>
    </>
  );
};
