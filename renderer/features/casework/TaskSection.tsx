import { useState } from 'react';
import { draftKeys, useDraft } from '#renderer/app/drafts.ts';
import type { SubmitEvent } from 'react';
import { TASK_KINDS, taskInputSchema } from '#src/casework/schemas.ts';
import type { CaseTask, TaskKind } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { TASK_KIND_LABEL } from '#renderer/features/casework/labels.ts';

const LABELS = {
  kind: 'Task or key date',
  title: 'What needs doing, or what the date is',
  dueOn: 'Due on',
  remindOn: 'Remind me on',
};

const LIMITS = maxLengths<'title'>(taskInputSchema);

export const TaskSection = ({ caseId, tasks }: { caseId: string; tasks: CaseTask[] }) => {
  const draft = draftKeys('task', caseId);
  const [kind, setKind] = useDraft<TaskKind>(draft('kind'), 'task');
  const [title, setTitle] = useDraft(draft('title'), '');
  const [dueOn, setDueOn] = useDraft(draft('due-on'), '');
  const [remindOn, setRemindOn] = useDraft(draft('remind-on'), '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = { caseId, kind, title, dueOn, remindOn: remindOn === '' ? null : remindOn };
    const parsed = taskInputSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('cases.addTask', input);
    if (result.ok) {
      setTitle('');
      setDueOn('');
      setRemindOn('');
      setProblem(null);
    } else setProblem(reasonText(result.reason));
  };
  const done = async (task: CaseTask, value: boolean) => {
    const result = await call('cases.setTaskDone', { id: task.id, done: value });
    setProblem(result.ok ? null : reasonText(result.reason));
  };

  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks and key dates</h2>
      {tasks.length === 0 ? (
        <p>No tasks or key dates yet.</p>
      ) : (
        <ul className="tasks">
          {tasks.map((t) => (
            <li key={t.id}>
              <label>
                <input
                  type="checkbox"
                  checked={t.doneAt !== null}
                  onChange={(e) => void done(t, e.target.checked)}
                />
                {TASK_KIND_LABEL[t.kind]}: {t.title}, due {formatDate(t.dueOn)}
                {t.remindOn !== null && ` (reminder ${formatDate(t.remindOn)})`}
                {t.doneAt !== null && ' — done'}
              </label>
            </li>
          ))}
        </ul>
      )}
      <h3>Add a task or key date</h3>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label={LABELS.kind} error={errors.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as TaskKind)}>
              {TASK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k === 'task' ? 'A task to do' : 'A key date (a hearing, a deadline)'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.title} error={errors.title} limit={LIMITS.title}>
          {(p) => (
            <input {...p} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field label={LABELS.dueOn} error={errors.dueOn}>
          {(p) => (
            <input {...p} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          )}
        </Field>
        <Field
          label={LABELS.remindOn}
          hint="Optional. On or before the due date."
          error={errors.remindOn}
        >
          {(p) => (
            <input
              {...p}
              type="date"
              value={remindOn}
              onChange={(e) => setRemindOn(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Add</button>
      </form>
    </section>
  );
};
