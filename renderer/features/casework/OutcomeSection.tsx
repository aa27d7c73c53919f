import { useState } from 'react';
import { draftKeys, useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import {
  formatPence,
  OUTCOME_KINDS,
  OUTCOME_PERIODS,
  outcomeInputSchema,
} from '#src/casework/schemas.ts';
import type { CaseOutcome, OutcomeKind, OutcomePeriod } from '#src/casework/schemas.ts';
import { yearlyGainPence } from '#src/casework/gains.ts';
import { localDay } from '#src/contact-fields.ts';
import { maxLengths } from '#src/field-words.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { outcomeLine, PERIOD_LABEL } from '#renderer/features/casework/labels.ts';

const LABELS = {
  kind: 'Kind of outcome',
  type: 'Which benefit, debt or grant',
  amount: 'Amount in pounds',
  period: 'How often',
  achievedOn: 'Achieved on',
};

const LIMITS = maxLengths<keyof typeof LABELS>(outcomeInputSchema);

export const OutcomeSection = ({
  caseId,
  outcomes,
}: {
  caseId: string;
  outcomes: CaseOutcome[];
}) => {
  const draft = draftKeys('outcome', caseId);
  const [kind, setKind] = useDraft<OutcomeKind>(draft('kind'), 'benefit-gained');
  const [type, setType] = useDraft(draft('type'), '');
  const [amount, setAmount] = useDraft(draft('amount'), '');
  const [period, setPeriod] = useDraft<OutcomePeriod>(draft('period'), 'one-off');
  const [achievedOn, setAchievedOn] = useDraft(draft('achieved-on'), () => localDay());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const gain = yearlyGainPence(outcomes, localDay());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = { caseId, kind, type, amount, period, achievedOn };
    const parsed = outcomeInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('cases.addOutcome', input);
    if (result.ok) {
      setType('');
      setAmount('');
      setProblem(null);
    } else setProblem(reasonText(result.reason));
  };

  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Outcomes</h2>
      {outcomes.length === 0 ? (
        <p>No outcomes recorded yet.</p>
      ) : (
        <>
          <ul>
            {outcomes.map((o) => (
              <li key={o.id}>
                {outcomeLine(o)} ({formatDate(o.achievedOn)}, {o.recordedBy})
              </li>
            ))}
          </ul>
          <p>
            <strong>Financial gain for the client over a year: {formatPence(gain)}</strong>
          </p>
        </>
      )}
      <h3>Record an outcome</h3>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={LABELS.kind} error={errors.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as OutcomeKind)}>
              {OUTCOME_KINDS.map((k) => (
                <option key={k.code} value={k.code}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={LABELS.type}
          hint="For example: Attendance Allowance, council tax arrears, Household Support Fund"
          error={errors.type}
          limit={LIMITS.type}
        >
          {(p) => (
            <input {...p} type="text" value={type} onChange={(e) => setType(e.target.value)} />
          )}
        </Field>
        <Field
          label={LABELS.amount}
          hint="For example 1250 or 1,250.50"
          error={errors.amount}
          limit={LIMITS.amount}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="decimal"
              className="short"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.period} error={errors.period}>
          {(p) => (
            <select
              {...p}
              value={period}
              onChange={(e) => setPeriod(e.target.value as OutcomePeriod)}
            >
              {OUTCOME_PERIODS.map((k) => (
                <option key={k} value={k}>
                  {k === 'one-off' ? 'One-off' : `Every ${PERIOD_LABEL[k].replace(/^an? /, '')}`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.achievedOn} error={errors.achievedOn}>
          {(p) => (
            <input
              {...p}
              type="date"
              max={localDay()}
              value={achievedOn}
              onChange={(e) => setAchievedOn(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Record outcome</button>
      </form>
    </section>
  );
};
