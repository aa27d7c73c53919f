import type { Db, Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { newId } from '#src/ids.ts';
import type { Nation } from '#src/nations.ts';
import { joinRequestSchema, type JoinRequest } from '#src/wire/join.ts';

/** Agencies asking to join the network (#4): kept until the coordinator decides. */

export type JoinInput = {
  organisationName: string;
  nation: Nation;
  about: string;
  contactName: string;
  contactEmail: string;
};

export const createJoinRequest = async (db: Db, input: JoinInput, now: Date): Promise<string> => {
  const id = newId();
  await db.query(
    `insert into join_requests (id, organisation_name, nation, about, contact_name, contact_email,
        requested_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      input.organisationName,
      input.nation,
      input.about,
      input.contactName,
      input.contactEmail.toLowerCase(),
      now.toISOString(),
    ],
  );
  return id;
};

type Row = {
  id: string;
  organisation_name: string;
  nation: string;
  about: string;
  contact_name: string;
  contact_email: string;
  requested_at: Date | string;
};

const toRequest = (r: Row): JoinRequest =>
  joinRequestSchema.parse({
    id: r.id,
    organisationName: r.organisation_name,
    nation: r.nation,
    about: r.about,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    requestedAt: isoOf(r.requested_at),
  });

/** Requests not yet decided, oldest first. */
export const openJoinRequests = async (q: Queryable): Promise<JoinRequest[]> =>
  (
    await q.query<Row>(
      `select id, organisation_name, nation, about, contact_name, contact_email, requested_at
         from join_requests where decision is null order by requested_at, id`,
    )
  ).map(toRequest);

/** One undecided request, locked for the decision; null if unknown or decided. */
export const lockOpenRequest = async (q: Queryable, id: string): Promise<JoinRequest | null> => {
  const [row] = await q.query<Row>(
    `select id, organisation_name, nation, about, contact_name, contact_email, requested_at
       from join_requests where id = $1 and decision is null for update`,
    [id],
  );
  return row ? toRequest(row) : null;
};

export const recordDecision = async (
  q: Queryable,
  id: string,
  decision: 'approved' | 'declined',
  by: string,
  now: Date,
  extra: { organisationId?: string; reason?: string },
): Promise<void> => {
  await q.query(
    `update join_requests set decision = $2, decided_at = $3, decided_by = $4,
        organisation_id = $5, decline_reason = $6
      where id = $1`,
    [id, decision, now.toISOString(), by, extra.organisationId ?? null, extra.reason ?? null],
  );
};
