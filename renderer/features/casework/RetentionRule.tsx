import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { RetentionSchedule } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { setRetentionSchema } from '#src/wire/desk-settings.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';

const years = (n: number): string => `${String(n)} year${n === 1 ? '' : 's'}`;

/**
 * The agency's retention rule as the desk runs it by itself (#5): what is
 * listed and the day each case goes, the last run, and — for the lead — the
 * rule itself. Nothing goes that was not listed here for the notice period.
 */
export const RetentionRule = () => {
  const load = useCallback(() => call('retention.scheduled', {}), []);
  const [schedule, reload] = useDeskQuery(load, ['clients', 'session']);
  if (schedule === null) return null;
  return (
    <section aria-labelledby="rule-heading">
      <h2 id="rule-heading">Your agency’s rule</h2>
      {schedule.years === null ? (
        <p>Your agency has not set a rule, so Handover anonymises nothing by itself.</p>
      ) : (
        <p>
          Cases closed more than {years(schedule.years)} ago are anonymised by Handover itself. Each
          is listed here for {String(schedule.noticeDays)} days first. To keep a case longer, reopen
          it.
        </p>
      )}
      {schedule.years !== null && <Listed schedule={schedule} />}
      {schedule.canChange && <ChangeRule schedule={schedule} onSaved={reload} />}
    </section>
  );
};

const Listed = ({ schedule }: { schedule: RetentionSchedule }) => (
  <>
    <h3>Listed to be anonymised</h3>
    {schedule.cases.length === 0 ? (
      <p>No cases are listed.</p>
    ) : (
      <ul>
        {schedule.cases.map((c) => (
          <li key={c.caseId}>
            {c.reference}, closed {formatDate(c.closedOn)}: anonymised on{' '}
            {formatDate(c.anonymiseOn)}
          </li>
        ))}
      </ul>
    )}
    {schedule.lastRun !== null && (
      <p>
        Last anonymised by the rule: {String(schedule.lastRun.anonymisedCases)} cases on{' '}
        {formatDate(schedule.lastRun.on)}.
      </p>
    )}
  </>
);

const ChangeRule = ({
  schedule,
  onSaved,
}: {
  schedule: RetentionSchedule;
  onSaved: () => Promise<void>;
}) => {
  const [text, setText] = useState(schedule.years === null ? '' : String(schedule.years));
  const [error, setError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const send = async (retentionYears: number | null) => {
    const result = await call('security.setRetention', { retentionYears });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    setProblem(null);
    await onSaved();
    setSaved(
      retentionYears === null
        ? 'The rule is off. Nothing will be anonymised by itself.'
        : `Saved. Cases closed more than ${years(retentionYears)} ago will be listed, then anonymised.`,
    );
  };
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(null);
    const parsed = setRetentionSchema.safeParse({
      retentionYears: text.trim() === '' ? Number.NaN : Number(text),
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a whole number of years');
      return;
    }
    setError(undefined);
    await send(parsed.data.retentionYears);
  };

  return (
    <>
      <Problem message={problem} />
      {saved !== null && <p role="status">{saved}</p>}
      <form onSubmit={(e) => void save(e)} noValidate className="form">
        <Field
          label="Years a closed case is kept"
          hint="For everyone at your agency, from 1 to 100. Their computers pick it up within a few minutes."
          error={error}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              className="short"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            Save the rule
          </button>
          {schedule.years !== null && (
            <button type="button" onClick={() => void send(null)}>
              Turn the rule off
            </button>
          )}
        </div>
      </form>
    </>
  );
};
