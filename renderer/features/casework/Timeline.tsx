import type { TimelineEntry } from '#src/casework/schemas.ts';
import { statusInSentence } from '#src/referral/lifecycle.ts';
import { href } from '#renderer/app/router.ts';
import { formatDate, formatTime } from '#renderer/components/format.ts';
import { formatSize, outcomeLine, TASK_KIND_LABEL } from '#renderer/features/casework/labels.ts';

const Line = ({ entry }: { entry: TimelineEntry }) => {
  switch (entry.kind) {
    case 'case-opened':
      return <>Case opened</>;
    case 'note':
      return (
        <>
          Note by {entry.note.writtenBy}: <span className="note-text">{entry.note.text}</span>
        </>
      );
    case 'task':
      return (
        <>
          {TASK_KIND_LABEL[entry.task.kind]} added: {entry.task.title}, due{' '}
          {formatDate(entry.task.dueOn)}
          {entry.task.doneAt !== null ? ' (done)' : ''}
        </>
      );
    case 'document':
      return (
        <>
          Document added: {entry.document.name} ({formatSize(entry.document.size)})
        </>
      );
    case 'outcome':
      return <>Outcome: {outcomeLine(entry.outcome)}</>;
    case 'referral':
      return (
        <>
          <a href={href({ name: 'referral', id: entry.referralId })}>
            {entry.direction === 'outgoing' ? 'Referred to' : 'Referral from'} {entry.with}
          </a>{' '}
          ({statusInSentence(entry.status)})
        </>
      );
  }
};

/** A client's history across cases and referrals, newest first. */
export const Timeline = ({ entries }: { entries: TimelineEntry[] }) =>
  entries.length === 0 ? (
    <p>Nothing recorded yet.</p>
  ) : (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={`${e.kind}-${e.at}-${String(i)}`}>
          <span className="when">{formatTime(e.at)}</span>{' '}
          {'caseId' in e && (
            <a className="case-ref" href={href({ name: 'case', id: e.caseId })}>
              {e.caseReference}
            </a>
          )}{' '}
          <Line entry={e} />
        </li>
      ))}
    </ol>
  );
