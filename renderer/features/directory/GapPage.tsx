import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { recordGapSchema, type RecordGapInput } from '#src/directory/provision.ts';
import { maxLengths } from '#src/field-words.ts';
import { reasonText } from '#src/reasons.ts';
import type { IssueCode } from '#src/taxonomy.ts';
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
import { formatTime } from '#renderer/components/format.ts';
import { useIssueCategories, useIssueLabel } from '#renderer/features/directory/issues.ts';
import { recordsForAgency, useMe } from '#renderer/features/directory/role.ts';

const LABELS = {
  issue: 'What the client needed help with',
  area: 'Area',
  why: 'Why no service could help',
};
const LIMITS = maxLengths<keyof typeof LABELS>(recordGapSchema);

const loadGaps = () => call('provision.gaps', {});

/**
 * A gap in provision (#4): no service in the network could take a client for
 * an issue. Recorded without the client's details, so the network learns
 * where help is missing.
 */
export const GapPage = () => {
  const [issue, setIssue] = useState<IssueCode | ''>('');
  const [area, setArea] = useState('');
  const [why, setWhy] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [gaps] = useDeskQuery(loadGaps, ['sync']);
  const categories = useIssueCategories();
  const issueLabel = useIssueLabel();
  const me = useMe();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    const request = { issue, area, why } as RecordGapInput;
    const parsed = recordGapSchema.safeParse(request);
    if (!parsed.success) {
      setErrors({
        ...zodFieldErrors(parsed.error.issues),
        ...(issue === '' && { issue: 'Choose what the client needed help with' }),
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('provision.recordGap', request);
      if (!result.ok) setProblem(reasonText(result.reason));
      else {
        setDone(
          result.value.waitingToSend
            ? 'Recorded on this computer. It reaches the network as soon as this computer is connected.'
            : 'Recorded. The network’s coordinator can see it.',
        );
        setIssue('');
        setArea('');
        setWhy('');
      }
    } finally {
      setBusy(false);
    }
  };

  if (me !== null && !recordsForAgency(me)) {
    return (
      <>
        <PageHeading>Record a gap in provision</PageHeading>
        <p>Advisers and agency leads record gaps. The network’s list is under Gaps in provision.</p>
      </>
    );
  }

  return (
    <>
      <PageHeading>Record a gap in provision</PageHeading>
      <p>
        When no service in the network can take a client for an issue, record it here. The network’s
        coordinator sees these gaps, so they can be filled. Do not include the client’s name or
        anything else that could identify them.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <p role="status" {...(done === null ? {} : { className: 'notice' })}>
        {done ?? ''}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={LABELS.issue} error={errors.issue}>
          {(p) => (
            <select {...p} value={issue} onChange={(e) => setIssue(e.target.value as IssueCode)}>
              <option value="">Choose…</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={LABELS.area}
          hint="The first part of the client’s postcode (such as NR5), or the town"
          error={errors.area}
          limit={LIMITS.area}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              className="short"
              value={area}
              onChange={(e) => setArea(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={LABELS.why}
          hint="For example: every debt service is full until March; nobody offers immigration advice here."
          error={errors.why}
          limit={LIMITS.why}
        >
          {(p) => <textarea {...p} rows={4} value={why} onChange={(e) => setWhy(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record the gap'}
        </button>
      </form>
      {gaps !== null && gaps.length > 0 && (
        <section aria-labelledby="gaps-here">
          <h2 id="gaps-here">Gaps recorded on this computer</h2>
          <ul>
            {gaps.map((g) => (
              <li key={g.id}>
                {formatTime(g.recordedAt)}: {issueLabel(g.issue)}, {g.area}. {g.why}
                {g.waitingToSend && <span className="hint"> (waiting to send)</span>}
                {g.refused !== null && (
                  <span className="error-message"> Not recorded: {reasonText(g.refused)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
};
