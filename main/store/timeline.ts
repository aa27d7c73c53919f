import type { TimelineEntry } from '#src/casework/schemas.ts';
import type { Database } from '#main/store/open.ts';
import { caseRecords } from '#main/store/case-records.ts';
import { listCases } from '#main/store/cases.ts';
import { referralsForClient } from '#main/store/referrals.ts';

/** Everything that happened for one client, newest first: one view across cases and referrals. */
export const clientTimeline = (db: Database, clientId: string): TimelineEntry[] => {
  const cases = listCases(db, clientId);
  const reference = new Map(cases.map((c) => [c.id, c.reference]));
  const ref = (caseId: string): string => reference.get(caseId) ?? '';
  const records = caseRecords(db, 'client', clientId);
  const entries: TimelineEntry[] = [
    ...cases.map((c): TimelineEntry => ({
      kind: 'case-opened',
      at: c.createdAt,
      caseId: c.id,
      caseReference: c.reference,
    })),
    ...records.notes.map((note): TimelineEntry => ({
      kind: 'note',
      at: note.writtenAt,
      caseId: note.caseId,
      caseReference: ref(note.caseId),
      note,
    })),
    ...records.tasks.map((task): TimelineEntry => ({
      kind: 'task',
      at: task.createdAt,
      caseId: task.caseId,
      caseReference: ref(task.caseId),
      task,
    })),
    ...records.documents.map((document): TimelineEntry => ({
      kind: 'document',
      at: document.addedAt,
      caseId: document.caseId,
      caseReference: ref(document.caseId),
      document,
    })),
    ...records.outcomes.map((outcome): TimelineEntry => ({
      kind: 'outcome',
      at: outcome.recordedAt,
      caseId: outcome.caseId,
      caseReference: ref(outcome.caseId),
      outcome,
    })),
    ...referralsForClient(db, clientId).map((r): TimelineEntry => ({
      kind: 'referral',
      at: r.referral.sentAt,
      referralId: r.referral.id,
      direction: r.direction,
      with:
        r.direction === 'outgoing'
          ? `${r.referral.to.serviceName}, ${r.referral.to.organisationName}`
          : r.referral.from.organisationName,
      status: r.referral.status,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
};
