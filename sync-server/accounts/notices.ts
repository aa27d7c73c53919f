import type { Queryable } from '#server/db/db.ts';
import { newId } from '#src/ids.ts';
import type { AccountNotice } from '#src/wire/accounts.ts';

/**
 * Notices on a person's desk about accounts (#12): every password reset is
 * told to the person and to their agency's leads, and a coordinator's request
 * for a reset the network could not email waits on the leads' desks. A notice
 * carries names only — never a code, never a client's details.
 */
export type NoticeFacts = {
  kind: AccountNotice['kind'];
  subject: { id: string; name: string };
  actorName: string;
  delivery: AccountNotice['delivery'];
};

/** Leaves the same notice for each reader (once each), inside the caller's transaction. */
export const leaveNotices = async (
  q: Queryable,
  readers: readonly string[],
  facts: NoticeFacts,
  now: Date,
): Promise<void> => {
  for (const reader of new Set(readers)) {
    await q.query(
      `insert into account_notices (id, user_id, kind, subject_user_id, subject_name, actor_name,
          delivery, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        newId(),
        reader,
        facts.kind,
        facts.subject.id,
        facts.subject.name,
        facts.actorName,
        facts.delivery,
        now.toISOString(),
      ],
    );
  }
};

type NoticeRow = {
  id: string;
  kind: AccountNotice['kind'];
  subject_user_id: string;
  subject_name: string;
  actor_name: string;
  delivery: AccountNotice['delivery'];
  created_at: Date | string;
};

/** The reader's notices not yet dismissed, newest first (at most 20). */
export const listNotices = async (q: Queryable, userId: string): Promise<AccountNotice[]> => {
  const rows = await q.query<NoticeRow>(
    `select id, kind, subject_user_id, subject_name, actor_name, delivery, created_at
       from account_notices where user_id = $1 and dismissed_at is null
      order by created_at desc, id desc limit 20`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subjectUserId: r.subject_user_id,
    subjectName: r.subject_name,
    aboutMe: r.subject_user_id === userId,
    actorName: r.actor_name,
    delivery: r.delivery,
    createdAt: new Date(r.created_at).toISOString(),
  }));
};

/** Dismisses one of the reader's own notices; false when they have no such notice. */
export const dismissNotice = async (
  q: Queryable,
  userId: string,
  id: string,
  now: Date,
): Promise<boolean> => {
  const done = await q.query(
    `update account_notices set dismissed_at = $3
      where id = $1 and user_id = $2 and dismissed_at is null returning id`,
    [id, userId, now.toISOString()],
  );
  return done.length > 0;
};
