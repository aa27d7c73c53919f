import { useCallback, useState } from 'react';
import { useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { noteInputSchema } from '#src/casework/schemas.ts';
import type { Case } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, PageHeading, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatDate, formatTime } from '#renderer/components/format.ts';
import { DocumentSection } from '#renderer/features/casework/DocumentSection.tsx';
import { OutcomeSection } from '#renderer/features/casework/OutcomeSection.tsx';
import { TaskSection } from '#renderer/features/casework/TaskSection.tsx';

const LIMITS = maxLengths<'text'>(noteInputSchema);

const NoteForm = ({ caseId }: { caseId: string }) => {
  const [text, setText] = useDraft(`note/${caseId}/text`, '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = noteInputSchema.safeParse({ caseId, text });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('cases.addNote', { caseId, text });
    if (result.ok) {
      setText('');
      setProblem(null);
    } else setProblem(reasonText(result.reason));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form">
      <Problem message={problem} />
      <Field
        label="New note"
        hint="What happened, what was agreed, what is next"
        error={errors.text}
        limit={LIMITS.text}
      >
        {(p) => <textarea {...p} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" className="primary">
        Save note
      </button>
    </form>
  );
};

const CloseOrReopen = ({ current }: { current: Case }) => {
  const [problem, setProblem] = useState<string | null>(null);
  const closing = current.status === 'open';
  const toggle = async () => {
    const result = await call('cases.update', {
      id: current.id,
      issues: current.issues,
      summary: current.summary ?? '',
      status: closing ? 'closed' : 'open',
      closedOn: null,
    });
    setProblem(result.ok ? null : reasonText(result.reason));
  };
  return (
    <>
      <button type="button" onClick={() => void toggle()}>
        {closing ? 'Close case' : 'Reopen case'}
      </button>
      <Problem message={problem} />
    </>
  );
};

export const CasePage = ({ id }: { id: string }) => {
  const issueLabel = useIssueLabel();
  const load = useCallback(async () => {
    const file = await call('cases.get', { id });
    const client = file.ok ? await call('clients.get', { id: file.value.case.clientId }) : null;
    return { file, client };
  }, [id]);
  const [data] = useDeskQuery(load, ['clients']);
  if (data === null) return <p>Loading…</p>;
  if (!data.file.ok) return <Problem message={reasonText(data.file.reason)} />;
  const { case: current, notes, tasks, documents, outcomes } = data.file.value;
  const clientName = data.client?.ok === true ? data.client.value.name : 'the client';

  return (
    <>
      <p className="back">
        <a href={href({ name: 'client', id: current.clientId })}>Back to {clientName}</a>
      </p>
      <div className="page-head">
        <PageHeading>
          Case {current.reference}: {clientName}
        </PageHeading>
        <CloseOrReopen current={current} />
      </div>
      <dl className="details">
        <div>
          <dt>About</dt>
          <dd>{current.issues.map(issueLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>Summary</dt>
          <dd>{current.summary ?? 'Not recorded'}</dd>
        </div>
        <div>
          <dt>Adviser</dt>
          <dd>{current.adviser}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            {current.status === 'open'
              ? `Open since ${formatDate(current.openedOn)}`
              : `Closed ${current.closedOn === null ? '' : formatDate(current.closedOn)}`}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <NoteForm caseId={current.id} />
        {notes.length === 0 ? (
          <p>No notes yet.</p>
        ) : (
          <ol className="notes">
            {notes.map((n) => (
              <li key={n.id}>
                <p className="meta">
                  {formatTime(n.writtenAt)}, {n.writtenBy}
                </p>
                <p className="note-text">{n.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      <TaskSection caseId={current.id} tasks={tasks} />
      <DocumentSection caseId={current.id} documents={documents} />
      <OutcomeSection caseId={current.id} outcomes={outcomes} />
    </>
  );
};
