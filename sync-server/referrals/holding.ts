import type { StoredJson } from '#src/wire/text.ts';
import type { ChangeTx } from '#server/changes/write.ts';
import type { SessionUser } from '#server/auth/sessions.ts';
import { json } from '#server/db/db.ts';
import { newId } from '#src/ids.ts';
import { can } from '#src/roles.ts';
import type { Role } from '#src/wire/api.ts';
import { isFinal, type ReferralStatus } from '#src/referral/lifecycle.ts';
import { currentHolder, HOLDER_EVENT_TYPES, type HolderEvent } from '#src/referral/holder.ts';
import type { Command, CommandRejection, CommandResult } from '#src/wire/commands.ts';
import type { Organisation } from '#src/wire/directory.ts';

/**
 * The receiving agency's inbox (#3): who holds an incoming referral. Claiming
 * and assigning change no status, so they sit beside the state machine, but
 * like it they are decided here alone, under the referral's row lock: of two
 * colleagues claiming at once, the first to reach the server holds it and the
 * second is told who does.
 */
export type HoldCommand = Extract<Command, { type: 'referral.claim' | 'referral.assign' }>;

type Actor = { user: SessionUser; organisation: Organisation };

const rejected = (
  c: Command,
  reason: CommandRejection,
  currentStatus: ReferralStatus | null = null,
): CommandResult => ({ mutationId: c.mutationId, status: 'rejected', reason, currentStatus });

type Row = { status: ReferralStatus; from_org: string | null; to_org: string };

/** The current holder's user id, by the rule every desk shows (src/referral/holder.ts). */
const holderOf = async (tx: ChangeTx, referralId: string): Promise<string | null> => {
  const rows = await tx.query<{
    type: HolderEvent['type'];
    at: Date | string;
    actor_user_id: string | null;
    actor_name: string;
    data: Record<string, StoredJson>;
  }>(
    `select type, at, actor_user_id, actor_name, data from referral_events
      where referral_id = $1 and type = any($2::text[]) order by n`,
    [referralId, [...HOLDER_EVENT_TYPES]],
  );
  const events = rows.map((r): HolderEvent => ({
    type: r.type,
    at: typeof r.at === 'string' ? r.at : r.at.toISOString(),
    actor: { userId: r.actor_user_id, name: r.actor_name },
    data: r.data,
  }));
  return currentHolder(events)?.userId ?? null;
};

export const applyHold = async (
  tx: ChangeTx,
  c: HoldCommand,
  actor: Actor,
  at: Date,
): Promise<CommandResult> => {
  const org = actor.organisation.id;
  const [row] = await tx.query<Row>(
    'select status, from_org, to_org from referrals where id = $1 for update',
    [c.referralId],
  );
  // Outside the pair the referral does not exist; the referrer cannot hold it.
  if (!row || (row.from_org !== org && row.to_org !== org)) return rejected(c, 'not-found');
  if (row.to_org !== org) return rejected(c, 'forbidden', row.status);
  const permission = c.type === 'referral.claim' ? 'referral.claim' : 'referral.assign';
  if (!can(actor.user.role, permission)) return rejected(c, 'forbidden', row.status);
  if (isFinal(row.status)) return rejected(c, 'not-allowed-now', row.status);

  const holder = await holderOf(tx, c.referralId);
  let data: Record<string, unknown> = {};
  if (c.type === 'referral.claim') {
    if (holder === actor.user.id) return { mutationId: c.mutationId, status: 'applied' };
    // Taking a referral from a colleague is an assignment, made on purpose.
    if (holder !== null) return rejected(c, 'already-held', row.status);
  } else {
    const [colleague] = await tx.query<{ id: string; name: string; role: Role }>(
      `select id, name, role from users
        where id = $1 and organisation_id = $2 and not disabled`,
      [c.userId, org],
    );
    if (!colleague || !can(colleague.role, 'referral.act')) {
      return rejected(c, 'not-a-colleague', row.status);
    }
    if (holder === colleague.id) return { mutationId: c.mutationId, status: 'applied' };
    data = { userId: colleague.id, name: colleague.name };
  }
  await tx.query(
    `insert into referral_events
       (id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)`,
    [
      newId(),
      c.referralId,
      c.type === 'referral.claim' ? 'claimed' : 'assigned',
      at.toISOString(),
      actor.user.id,
      actor.user.name,
      org,
      actor.organisation.name,
      json(data),
    ],
  );
  await tx.query('update referrals set updated_at = $2 where id = $1', [
    c.referralId,
    at.toISOString(),
  ]);
  // Both sides' desks update: the referrer sees who is handling it.
  const visibleTo = row.from_org === null ? [row.to_org] : [row.from_org, row.to_org];
  await tx.change('referral', c.referralId, visibleTo);
  return { mutationId: c.mutationId, status: 'applied' };
};
