import type { Queryable } from '#server/db/db.ts';
import { newId } from '#src/ids.ts';

export type EmailKind = 'new-referral' | 'outcome';

/**
 * Queues an email about a referral, inside the transaction that made the
 * change, so there is no email without the change and no change whose email
 * is forgotten. The delivery job sends it (deliver.ts).
 */
export const queueEmail = async (
  q: Queryable,
  kind: EmailKind,
  referralId: string,
  at: Date,
): Promise<void> => {
  await q.query(
    'insert into email_outbox (id, kind, referral_id, created_at) values ($1, $2, $3, $4)',
    [newId(), kind, referralId, at.toISOString()],
  );
};
