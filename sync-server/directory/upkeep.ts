import type { SessionUser } from '#server/auth/sessions.ts';
import { changeTx, type ChangeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { atMostOnce, type CommandRecorder } from '#server/commands/once.ts';
import { canEditService } from '#server/directory/permissions.ts';
import { loadService } from '#server/directory/services.ts';
import { knownIssues } from '#server/directory/taxonomy.ts';
import { loadOrganisation } from '#server/network/load.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import type { CommandRejection, CommandResult } from '#src/wire/commands.ts';
import { serviceDetailsSchema, type Service } from '#src/wire/directory.ts';
import {
  applyEdit,
  type ServiceCreateCommand,
  type ServiceReviewCommand,
  type ServiceUpdateCommand,
} from '#src/wire/service-edit.ts';

type UpkeepCommand = ServiceUpdateCommand | ServiceReviewCommand | ServiceCreateCommand;
export type UpkeepContext = { db: Db; now: () => Date };

const rejected = (c: UpkeepCommand, reason: CommandRejection): CommandResult => ({
  mutationId: c.mutationId,
  status: 'rejected',
  reason,
  currentStatus: null,
});

/** The details document of a service: every HSDS detail field, nothing else. */
const detailsOf = (s: Service) => serviceDetailsSchema.parse(s);

const saveEdited = async (tx: ChangeTx, s: Service, at: Date): Promise<void> => {
  await tx.query(
    `update services set name = $2, description = $3, issues = $4::text[], areas = $5::text[],
        email = $6, phone = $7, accepts_self_referral = $8, details = $9::text::jsonb,
        updated_at = $10
      where id = $1`,
    [
      s.id,
      s.name,
      s.description,
      s.issues,
      s.areas,
      s.email,
      s.phone,
      s.accepts_self_referral,
      json(detailsOf(s)),
      at.toISOString(),
    ],
  );
};

/** A blank record for a new service, to apply the lead's first edit to. */
const blank = (
  id: string,
  organisationId: string,
  organisationName: string,
  at: Date,
): Service => ({
  ...serviceDetailsSchema.parse({}),
  id,
  organization_id: organisationId,
  organization_name: organisationName,
  name: 'New service',
  description: '',
  issues: [],
  areas: [],
  email: null,
  phone: null,
  accepts_self_referral: false,
  // A new service starts paused: its lead turns referrals on when ready.
  receiving: { state: 'paused', until: null, reason: 'New service: not taking referrals yet' },
  capacity: { status: 'capacity', places: null },
  updated_at: at.toISOString(),
});

const apply = async (
  tx: ChangeTx,
  user: SessionUser,
  c: UpkeepCommand,
  at: Date,
): Promise<CommandResult> => {
  const today = londonDate(at);
  const applied: CommandResult = { mutationId: c.mutationId, status: 'applied' };
  // A category the network never added is unknown here (#4).
  if (c.type !== 'service.confirmReview' && !(await knownIssues(tx, c.edit.issues))) {
    return rejected(c, 'not-found');
  }
  if (c.type === 'service.create') {
    if (!canEditService(user, c.organisationId)) return rejected(c, 'forbidden');
    const [clash] = await tx.query('select 1 from services where id = $1', [c.serviceId]);
    if (clash) return rejected(c, 'conflict');
    const organisation = await loadOrganisation(tx, c.organisationId);
    if (!organisation) return rejected(c, 'not-found');
    const s = applyEdit(blank(c.serviceId, organisation.id, organisation.name, at), c.edit, today);
    await tx.query(
      `insert into services (id, organisation_id, name, description, issues, areas, email, phone,
          accepts_self_referral, receiving_state, receiving_until, receiving_reason, updated_at,
          capacity_status, capacity_places, details)
       values ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, null, $11, $12, $13, null,
          $14::text::jsonb)`,
      [
        s.id,
        s.organization_id,
        s.name,
        s.description,
        s.issues,
        s.areas,
        s.email,
        s.phone,
        s.accepts_self_referral,
        s.receiving.state,
        s.receiving.reason,
        at.toISOString(),
        s.capacity.status,
        json(detailsOf(s)),
      ],
    );
    await tx.change('service', s.id, null);
    return applied;
  }
  const [row] = await tx.query<{ organisation_id: string }>(
    'select organisation_id from services where id = $1 for update',
    [c.serviceId],
  );
  if (!row) return rejected(c, 'not-found');
  if (!canEditService(user, row.organisation_id)) return rejected(c, 'forbidden');
  const service = await loadService(tx, c.serviceId);
  if (!service) return rejected(c, 'not-found');
  // Saving an edit is a review too: the record is stamped as checked today.
  const next =
    c.type === 'service.update'
      ? applyEdit(service, c.edit, today)
      : { ...service, assured_date: today };
  await saveEdited(tx, next, at);
  await tx.change('service', c.serviceId, null);
  return applied;
};

/**
 * Keeping the directory true (#4): a lead edits their own agency's services
 * (a coordinator any), confirms a record is still right, or adds a service,
 * which starts paused. Each at most once, in its own transaction; every desk
 * hears of it through the change feed.
 */
export const applyUpkeepCommand = async (
  ctx: UpkeepContext,
  user: SessionUser,
  c: UpkeepCommand,
  /** The command's audit entry, written in the same transaction (#6). */
  record?: CommandRecorder,
): Promise<CommandResult> => {
  const at = ctx.now();
  return changeTx(
    ctx.db,
    (tx) => atMostOnce(tx, user, c.mutationId, at, () => apply(tx, user, c, at), record),
    at,
  );
};
