import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { RetentionRule } from '#renderer/features/casework/RetentionRule.tsx';

type Due = { caseId: string; reference: string; closedOn: string };

/** The retention rule: what would be anonymised is shown, and nothing happens until confirmed. */
export const RetentionPage = () => {
  const [years, setYears] = useState('6');
  const [due, setDue] = useState<{ years: number; cases: Due[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const preview = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    const n = Number(years);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      setProblem('Enter a whole number of years, from 1 to 100.');
      return;
    }
    setProblem(null);
    setDue({ years: n, cases: await call('retention.preview', { years: n }) });
  };
  const apply = async () => {
    if (due === null) return;
    const result = await call('retention.apply', {
      years: due.years,
      caseIds: due.cases.map((c) => c.caseId),
    });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    setDue(null);
    setDone(
      `${String(result.value.anonymisedCases)} cases anonymised; ${String(result.value.anonymisedClients)} clients’ details removed.`,
    );
  };

  return (
    <>
      <PageHeading>Keeping casework no longer than needed</PageHeading>
      <p>
        Your agency’s retention rule: cases closed more than a number of years ago are anonymised.
        Their notes, tasks, documents and summary are removed; the figures your agency reports
        (issues, dates, outcomes) are kept. You will see the list before anything changes.
      </p>
      <RetentionRule />
      <h2>Anonymise now</h2>
      <p>See which cases a number of years would cover, and anonymise them straight away.</p>
      <Problem message={problem} />
      {done !== null && <p role="status">{done}</p>}
      <form onSubmit={(e) => void preview(e)} noValidate className="form">
        <Field label="Anonymise cases closed more than this many years ago">
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              className="short"
              value={years}
              onChange={(e) => setYears(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Show the cases</button>
      </form>
      {due !== null &&
        (due.cases.length === 0 ? (
          <p role="status">No cases are due to be anonymised.</p>
        ) : (
          <>
            <h2>{due.cases.length} cases would be anonymised</h2>
            <ul>
              {due.cases.map((c) => (
                <li key={c.caseId}>
                  {c.reference}, closed {formatDate(c.closedOn)}
                </li>
              ))}
            </ul>
            <button type="button" className="danger" onClick={() => void apply()}>
              Anonymise these cases
            </button>
          </>
        ))}
    </>
  );
};
