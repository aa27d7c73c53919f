import type { SessionUser } from '#server/auth/sessions.ts';
import type { Db, Queryable } from '#server/db/db.ts';
import { AGREEMENTS, type AgreementKind } from '#src/agreements.ts';
import { newId } from '#src/ids.ts';
import { err, ok, type Result } from '#src/result.ts';
import { can } from '#src/roles.ts';
import type { AgreementsStatus } from '#src/wire/accounts.ts';
import type { CommandResult, OutboxCommand } from '#src/wire/commands.ts';

/**
 * Agreements (src/agreements.ts): each user accepts the user agreement at
 * first sign-in; an agency's lead accepts the network's data-sharing
 * agreement for the agency. Until then the agency neither sends nor receives
 * referrals. Every acceptance is kept: who, for which agency, which version,
 * when.
 */
type AcceptedRow = { accepted_at: Date | string; name: string | null };

const latest = async (
  q: Queryable,
  kind: AgreementKind,
  where: 'user_id' | 'organisation_id',
  id: string | null,
): Promise<AcceptedRow | null> => {
  if (id === null) return null;
  const [row] = await q.query<AcceptedRow>(
    `select a.accepted_at, u.name from agreement_acceptances a join users u on u.id = a.user_id
      where a.kind = $1 and a.version = $2 and a.${where} = $3
      order by a.accepted_at desc limit 1`,
    [kind, AGREEMENTS[kind].version, id],
  );
  return row ?? null;
};

const iso = (row: AcceptedRow | null): string | null =>
  row === null ? null : new Date(row.accepted_at).toISOString();

export const agreementsStatus = async (
  q: Queryable,
  user: SessionUser,
): Promise<AgreementsStatus> => {
  const mine = await latest(q, 'user', 'user_id', user.id);
  const agency = await latest(q, 'data-sharing', 'organisation_id', user.organisationId);
  return {
    user: { version: AGREEMENTS.user.version, acceptedAt: iso(mine) },
    dataSharing: {
      version: AGREEMENTS['data-sharing'].version,
      acceptedAt: iso(agency),
      acceptedBy: agency?.name ?? null,
    },
  };
};

export const acceptAgreement = async (
  db: Queryable,
  user: SessionUser,
  kind: AgreementKind,
  version: string,
  now: Date,
): Promise<Result<void, 'forbidden' | 'conflict'>> => {
  // Accepting words the user was not shown is no acceptance.
  if (version !== AGREEMENTS[kind].version) return err('conflict', 'that version is out of date');
  if (kind === 'data-sharing') {
    if (!can(user.role, 'agreement.data-sharing') || user.organisationId === null) {
      return err('forbidden');
    }
  }
  await db.query(
    `insert into agreement_acceptances (id, kind, version, user_id, organisation_id, accepted_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      newId(),
      kind,
      version,
      user.id,
      kind === 'data-sharing' ? user.organisationId : null,
      now.toISOString(),
    ],
  );
  return ok(undefined);
};

/**
 * Whether a desk's command must wait for an agreement. Every command of an
 * agency's staff (referrals, directory changes, gaps and signposting) needs
 * the user's own agreement; sending a referral also needs both agencies'
 * data-sharing agreements.
 */
export const agreementMissing = async (
  q: Queryable,
  user: SessionUser,
  command: OutboxCommand,
): Promise<boolean> => {
  // Someone outside an agency is refused by the command itself ('forbidden') when it matters.
  if (user.organisationId === null) return false;
  if ((await latest(q, 'user', 'user_id', user.id)) === null) return true;
  if (command.type !== 'referral.send') return false;
  if ((await latest(q, 'data-sharing', 'organisation_id', user.organisationId)) === null) {
    return true;
  }
  const [service] = await q.query<{ organisation_id: string }>(
    'select organisation_id from services where id = $1',
    [command.serviceId],
  );
  // An unknown service is the command's own business (not-found).
  if (!service) return false;
  return (await latest(q, 'data-sharing', 'organisation_id', service.organisation_id)) === null;
};

/**
 * For seeds and tests of other features: every user accepts the user
 * agreement and every agency (through one of its members) the data-sharing
 * agreement, as if everyone had clicked through.
 */
export const acceptAllAgreements = async (db: Db, now: Date = new Date()): Promise<void> => {
  const at = now.toISOString();
  await db.query(
    `insert into agreement_acceptances (id, kind, version, user_id, organisation_id, accepted_at)
     select gen_random_uuid(), 'user', $1, u.id, null, $2 from users u
      where not exists (select 1 from agreement_acceptances a
                         where a.kind = 'user' and a.version = $1 and a.user_id = u.id)`,
    [AGREEMENTS.user.version, at],
  );
  // One member of each agency (its lead if it has one) stands for the agency.
  await db.query(
    `insert into agreement_acceptances (id, kind, version, user_id, organisation_id, accepted_at)
     select gen_random_uuid(), 'data-sharing', $1, m.user_id, m.organisation_id, $2
       from (select distinct on (organisation_id) organisation_id, id as user_id from users
              where organisation_id is not null
              order by organisation_id, (role = 'lead') desc, created_at, id) m
      where not exists (select 1 from agreement_acceptances a
                         where a.kind = 'data-sharing' and a.version = $1
                           and a.organisation_id = m.organisation_id)`,
    [AGREEMENTS['data-sharing'].version, at],
  );
};

export const agreementNeeded = (command: OutboxCommand): CommandResult => ({
  mutationId: command.mutationId,
  status: 'rejected',
  reason: 'agreement-needed',
  currentStatus: null,
});
