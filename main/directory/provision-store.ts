import type { DeskGap, DeskSignpost } from '#src/directory/provision.ts';
import { isReason } from '#src/reasons.ts';
import type { Database } from '#main/store/open.ts';
import { isWaiting } from '#main/store/outbox.ts';

/** The desk's own record of the signposting and gaps it sent to the network (#4). */

type GapRow = {
  id: string;
  issue: string;
  area: string;
  why: string;
  recorded_by: string;
  recorded_at: string;
  refused: string | null;
};
type SignpostRow = {
  id: string;
  client_id: string | null;
  service_id: string;
  service_name: string;
  organisation_name: string;
  issues: string;
  recorded_by: string;
  recorded_at: string;
  refused: string | null;
};

const refusedOf = (r: string | null) => (r !== null && isReason(r) ? r : null);

export const saveGap = (db: Database, gap: Omit<DeskGap, 'waitingToSend' | 'refused'>): void => {
  db.prepare(
    `INSERT INTO provision_gaps (id, issue, area, why, recorded_by, recorded_at)
     VALUES (@id, @issue, @area, @why, @recordedBy, @recordedAt)`,
  ).run(gap);
};

export const listGaps = (db: Database): DeskGap[] =>
  db
    .prepare<[], GapRow>('SELECT * FROM provision_gaps ORDER BY recorded_at DESC, id DESC')
    .all()
    .map((r) => ({
      id: r.id,
      issue: r.issue,
      area: r.area,
      why: r.why,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
      waitingToSend: isWaiting(db, r.id),
      refused: refusedOf(r.refused),
    }));

export const saveSignpost = (
  db: Database,
  s: Omit<DeskSignpost, 'waitingToSend' | 'refused'>,
): void => {
  db.prepare(
    `INSERT INTO signposts (id, client_id, service_id, service_name, organisation_name, issues,
       recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.id,
    s.clientId,
    s.serviceId,
    s.serviceName,
    s.organisationName,
    JSON.stringify(s.issues),
    s.recordedBy,
    s.recordedAt,
  );
};

/** A client's signposting, newest first; or every one recorded on this desk. */
export const listSignposts = (db: Database, clientId: string | null): DeskSignpost[] =>
  (clientId === null
    ? db
        .prepare<[], SignpostRow>('SELECT * FROM signposts ORDER BY recorded_at DESC, id DESC')
        .all()
    : db
        .prepare<[string], SignpostRow>(
          'SELECT * FROM signposts WHERE client_id = ? ORDER BY recorded_at DESC, id DESC',
        )
        .all(clientId)
  ).map((r) => ({
    id: r.id,
    clientId: r.client_id,
    serviceId: r.service_id,
    serviceName: r.service_name,
    organisationName: r.organisation_name,
    issues: JSON.parse(r.issues) as string[],
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    waitingToSend: isWaiting(db, r.id),
    refused: refusedOf(r.refused),
  }));

/** The server refused a record: keep why, beside it. */
export const markRecordRefused = (
  db: Database,
  kind: 'gap' | 'signpost',
  id: string,
  reason: string,
): void => {
  db.prepare(
    `UPDATE ${kind === 'gap' ? 'provision_gaps' : 'signposts'} SET refused = ? WHERE id = ?`,
  ).run(reason, id);
};
