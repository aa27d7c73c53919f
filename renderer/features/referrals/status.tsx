import type { DeskReferral } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { clockState, nextDeadline } from '#src/referral/deadlines.ts';
import { STATUS_LABEL } from '#src/referral/lifecycle.ts';
import { formatDate } from '#renderer/components/format.ts';

/** The referral's status in words, including what only this desk knows. */
export const statusText = (r: DeskReferral): string => {
  if (r.refused !== null && r.referral.status === 'draft') return 'Not sent';
  if (r.referral.status === 'draft') return 'Waiting to send';
  return STATUS_LABEL[r.referral.status];
};

export const StatusTag = ({ referral }: { referral: DeskReferral }) => (
  <span className={`tag tag-${referral.referral.status}${referral.refused ? ' tag-refused' : ''}`}>
    {statusText(referral)}
  </span>
);

const CLOCK_WORDS = { due: '', 'due-today': ' (due today)', overdue: ' (overdue)' } as const;

/**
 * The deadline in words, or nothing when none is due: "Accepted" stands
 * alone, never "Accepted —" (#12). `none` is what a table cell says instead.
 */
export const Deadline = ({ referral, none }: { referral: DeskReferral; none?: string }) => {
  const next = nextDeadline(referral.referral);
  if (next === null) return none === undefined ? null : <>{none}</>;
  const state = clockState(next.date, new Date());
  return (
    <span className={`clock clock-${state}`}>
      {next.label} {formatDate(next.date)}
      {CLOCK_WORDS[state]}
    </span>
  );
};

export const RefusedNote = ({ referral }: { referral: DeskReferral }) =>
  referral.refused === null ? null : (
    <p className="problem" role="alert">
      The network server refused this: {reasonText(referral.refused)}
    </p>
  );
