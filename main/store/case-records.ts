import type { z } from 'zod';
import type {
  CaseDocument,
  CaseNote,
  CaseOutcome,
  CaseTask,
  DocumentMediaType,
  OutcomeKind,
  OutcomePeriod,
  TaskKind,
  outcomeInputSchema,
  taskInputSchema,
} from '#src/casework/schemas.ts';
import { newId } from '#src/ids.ts';
import type { Database } from '#main/store/open.ts';

/**
 * What is recorded on a case: notes, tasks and key dates, documents and
 * outcomes. Each row also carries the client's id, so a client's timeline
 * and an erasure reach every record by index.
 */

type CaseOwner = { id: string; client_id: string };

/** The case and its client, or null when the case is not in this store. */
const caseOwner = (db: Database, caseId: string): CaseOwner | null =>
  db.prepare<[string], CaseOwner>('SELECT id, client_id FROM cases WHERE id = ?').get(caseId) ??
  null;

type NoteRow = {
  id: string;
  case_id: string;
  client_id: string;
  text: string;
  written_by: string;
  written_at: string;
};
export const noteFromRow = (r: NoteRow): CaseNote => ({
  id: r.id,
  caseId: r.case_id,
  clientId: r.client_id,
  text: r.text,
  writtenBy: r.written_by,
  writtenAt: r.written_at,
});

export const addNote = (
  db: Database,
  input: { caseId: string; text: string },
  by: string,
  now: Date,
): CaseNote | null => {
  const owner = caseOwner(db, input.caseId);
  if (owner === null) return null;
  const row: NoteRow = {
    id: newId(),
    case_id: owner.id,
    client_id: owner.client_id,
    text: input.text,
    written_by: by,
    written_at: now.toISOString(),
  };
  db.prepare(
    `INSERT INTO case_notes (id, case_id, client_id, text, written_by, written_at)
     VALUES (@id, @case_id, @client_id, @text, @written_by, @written_at)`,
  ).run(row);
  return noteFromRow(row);
};

type TaskRow = {
  id: string;
  case_id: string;
  client_id: string;
  kind: TaskKind;
  title: string;
  due_on: string;
  remind_on: string | null;
  done_at: string | null;
  created_by: string;
  created_at: string;
};
const taskFromRow = (r: TaskRow): CaseTask => ({
  id: r.id,
  caseId: r.case_id,
  clientId: r.client_id,
  kind: r.kind,
  title: r.title,
  dueOn: r.due_on,
  remindOn: r.remind_on,
  doneAt: r.done_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export const addTask = (
  db: Database,
  input: z.output<typeof taskInputSchema>,
  by: string,
  now: Date,
): CaseTask | null => {
  const owner = caseOwner(db, input.caseId);
  if (owner === null) return null;
  const row: TaskRow = {
    id: newId(),
    case_id: owner.id,
    client_id: owner.client_id,
    kind: input.kind,
    title: input.title,
    due_on: input.dueOn,
    remind_on: input.remindOn,
    done_at: null,
    created_by: by,
    created_at: now.toISOString(),
  };
  db.prepare(
    `INSERT INTO case_tasks (id, case_id, client_id, kind, title, due_on, remind_on, done_at, created_by, created_at)
     VALUES (@id, @case_id, @client_id, @kind, @title, @due_on, @remind_on, @done_at, @created_by, @created_at)`,
  ).run(row);
  return taskFromRow(row);
};

/** Marks a task done (or not done again); null when there is no such task. */
export const setTaskDone = (
  db: Database,
  id: string,
  done: boolean,
  now: Date,
): CaseTask | null => {
  db.prepare('UPDATE case_tasks SET done_at = ? WHERE id = ?').run(
    done ? now.toISOString() : null,
    id,
  );
  const row = db.prepare<[string], TaskRow>('SELECT * FROM case_tasks WHERE id = ?').get(id);
  return row ? taskFromRow(row) : null;
};

/** Open tasks whose reminder day has come, across all cases, soonest due first. */
export const remindersDue = (db: Database, today: string): CaseTask[] =>
  db
    .prepare<[string], TaskRow>(
      `SELECT * FROM case_tasks WHERE done_at IS NULL AND remind_on <= ? ORDER BY due_on LIMIT 200`,
    )
    .all(today)
    .map(taskFromRow);

type DocumentRow = {
  id: string;
  case_id: string;
  client_id: string;
  name: string;
  media_type: DocumentMediaType;
  size: number;
  added_by: string;
  added_at: string;
};
const documentFromRow = (r: DocumentRow): CaseDocument => ({
  id: r.id,
  caseId: r.case_id,
  clientId: r.client_id,
  name: r.name,
  mediaType: r.media_type,
  size: r.size,
  addedBy: r.added_by,
  addedAt: r.added_at,
});

export const addDocument = (
  db: Database,
  input: { caseId: string; name: string; mediaType: DocumentMediaType; content: Buffer },
  by: string,
  now: Date,
): CaseDocument | null =>
  db.transaction((): CaseDocument | null => {
    const owner = caseOwner(db, input.caseId);
    if (owner === null) return null;
    const row: DocumentRow = {
      id: newId(),
      case_id: owner.id,
      client_id: owner.client_id,
      name: input.name,
      media_type: input.mediaType,
      size: input.content.length,
      added_by: by,
      added_at: now.toISOString(),
    };
    db.prepare(
      `INSERT INTO case_documents (id, case_id, client_id, name, media_type, size, added_by, added_at)
       VALUES (@id, @case_id, @client_id, @name, @media_type, @size, @added_by, @added_at)`,
    ).run(row);
    db.prepare('INSERT INTO case_document_content (document_id, content) VALUES (?, ?)').run(
      row.id,
      input.content,
    );
    return documentFromRow(row);
  })();

export const getDocument = (
  db: Database,
  id: string,
): { document: CaseDocument; content: Buffer } | null => {
  const row = db
    .prepare<[string], DocumentRow & { content: Buffer }>(
      `SELECT d.*, c.content FROM case_documents d
       JOIN case_document_content c ON c.document_id = d.id WHERE d.id = ?`,
    )
    .get(id);
  if (row === undefined) return null;
  const { content, ...document } = row;
  return { document: documentFromRow(document), content };
};

type OutcomeRow = {
  id: string;
  case_id: string;
  client_id: string;
  kind: OutcomeKind;
  type: string;
  amount_pence: number | null;
  period: OutcomePeriod;
  achieved_on: string;
  recorded_by: string;
  recorded_at: string;
};
const outcomeFromRow = (r: OutcomeRow): CaseOutcome => ({
  id: r.id,
  caseId: r.case_id,
  clientId: r.client_id,
  kind: r.kind,
  type: r.type,
  amountPence: r.amount_pence,
  period: r.period,
  achievedOn: r.achieved_on,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

export const addOutcome = (
  db: Database,
  input: z.output<typeof outcomeInputSchema>,
  by: string,
  now: Date,
): CaseOutcome | null => {
  const owner = caseOwner(db, input.caseId);
  if (owner === null) return null;
  const row: OutcomeRow = {
    id: newId(),
    case_id: owner.id,
    client_id: owner.client_id,
    kind: input.kind,
    type: input.type,
    amount_pence: input.amountPence,
    period: input.period,
    achieved_on: input.achievedOn,
    recorded_by: by,
    recorded_at: now.toISOString(),
  };
  db.prepare(
    `INSERT INTO case_outcomes (id, case_id, client_id, kind, type, amount_pence, period, achieved_on, recorded_by, recorded_at)
     VALUES (@id, @case_id, @client_id, @kind, @type, @amount_pence, @period, @achieved_on, @recorded_by, @recorded_at)`,
  ).run(row);
  return outcomeFromRow(row);
};

/** Every record on one case, or (with `by = 'client'`) on all of a client's cases. */
export const caseRecords = (
  db: Database,
  by: 'case' | 'client',
  id: string,
): {
  notes: CaseNote[];
  tasks: CaseTask[];
  documents: CaseDocument[];
  outcomes: CaseOutcome[];
} => {
  const column = by === 'case' ? 'case_id' : 'client_id';
  return {
    notes: db
      .prepare<[string], NoteRow>(
        `SELECT * FROM case_notes WHERE ${column} = ? ORDER BY written_at DESC`,
      )
      .all(id)
      .map(noteFromRow),
    tasks: db
      .prepare<[string], TaskRow>(
        `SELECT * FROM case_tasks WHERE ${column} = ? ORDER BY done_at IS NOT NULL, due_on`,
      )
      .all(id)
      .map(taskFromRow),
    documents: db
      .prepare<[string], DocumentRow>(
        `SELECT * FROM case_documents WHERE ${column} = ? ORDER BY added_at DESC`,
      )
      .all(id)
      .map(documentFromRow),
    outcomes: db
      .prepare<[string], OutcomeRow>(
        `SELECT * FROM case_outcomes WHERE ${column} = ? ORDER BY achieved_on DESC`,
      )
      .all(id)
      .map(outcomeFromRow),
  };
};
