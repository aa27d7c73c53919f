import { changeTx, type ChangeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import type { SessionUser } from '#server/auth/sessions.ts';
import { isReceiving, loadService } from '#server/directory/services.ts';
import { checkEligibility } from '#server/directory/eligibility.ts';
import { knownIssues } from '#server/directory/taxonomy.ts';
import { isOutcome } from '#server/email/messages.ts';
import { applyHold, type HoldCommand } from '#server/referrals/holding.ts';
import { atMostOnce, type CommandRecorder } from '#server/commands/once.ts';
import { queueEmail } from '#server/email/outbox.ts';
import { loadNetwork, loadOrganisation } from '#server/network/load.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { newId } from '#src/ids.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { can } from '#src/roles.ts';
import { acknowledgeBy, actBy } from '#src/referral/deadlines.ts';
import {
  REDIRECTABLE_STATUSES,
  transition,
  type ReferralAction,
  type ReferralStatus,
} from '#src/referral/lifecycle.ts';
import type { Command, CommandRejection, CommandResult } from '#src/wire/commands.ts';
import type { Organisation } from '#src/wire/directory.ts';
import type { Consent, REFERRAL_EVENT_TYPES } from '#src/wire/referral.ts';
import { ERASED_TEXT, scrubbedPayload, scrubConsent, scrubEventData } from '#src/referral/scrub.ts';

type EventType = (typeof REFERRAL_EVENT_TYPES)[number];
type Send = Extract<Command, { type: 'referral.send' }>;
type Note = Extract<Command, { type: 'referral.note' }>;
type Erase = Extract<Command, { type: 'referral.erase' }>;
type Action = Exclude<Command, Send | Note | HoldCommand | Erase>;

/** Each lifecycle command: the action it asks for, the event it records, and why. */
const ACTIONS: {
  readonly [T in Action['type']]: {
    action: ReferralAction;
    event: EventType;
    data: (c: Extract<Action, { type: T }>) => Record<string, unknown>;
  };
} = {
  'referral.acknowledge': { action: 'acknowledge', event: 'acknowledged', data: () => ({}) },
  'referral.accept': { action: 'accept', event: 'accepted', data: () => ({}) },
  'referral.decline': {
    action: 'decline',
    event: 'declined',
    data: (c) => ({ reason: c.reason, text: c.text }),
  },
  'referral.unable-to-contact': {
    action: 'unable-to-contact',
    event: 'unable-to-contact',
    data: (c) => ({ text: c.text }),
  },
  'referral.record-contact': {
    action: 'record-contact',
    event: 'contact-recorded',
    data: () => ({}),
  },
  'referral.close': { action: 'close', event: 'closed', data: (c) => ({ outcome: c.outcome }) },
  'referral.withdraw': { action: 'withdraw', event: 'withdrawn', data: (c) => ({ text: c.text }) },
};

export type CommandContext = { db: Db; now: () => Date };

type Actor = { user: SessionUser; organisation: Organisation };

const rejected = (
  c: Command,
  reason: CommandRejection,
  currentStatus: ReferralStatus | null = null,
): CommandResult => ({ mutationId: c.mutationId, status: 'rejected', reason, currentStatus });

const applied = (c: Command): CommandResult => ({ mutationId: c.mutationId, status: 'applied' });

const addEvent = async (
  tx: ChangeTx,
  referralId: string,
  type: EventType,
  actor: Actor,
  at: Date,
  data: Record<string, unknown>,
  id: string = newId(),
): Promise<void> => {
  await tx.query(
    `insert into referral_events
       (id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)`,
    [
      id,
      referralId,
      type,
      at.toISOString(),
      actor.user.id,
      actor.user.name,
      actor.organisation.id,
      actor.organisation.name,
      json(data),
    ],
  );
};

/**
 * A redirect must come from the referrer of the earlier referral, once that
 * one ended without help. Outside the pair the earlier one does not exist.
 */
const checkRedirect = async (
  tx: ChangeTx,
  earlierId: string,
  from: string,
): Promise<{ reason: CommandRejection; status: ReferralStatus | null } | null> => {
  const [earlier] = await tx.query<{ status: ReferralStatus; from_org: string; to_org: string }>(
    'select status, from_org, to_org from referrals where id = $1',
    [earlierId],
  );
  if (!earlier || (earlier.from_org !== from && earlier.to_org !== from)) {
    return { reason: 'not-found', status: null };
  }
  if (earlier.from_org !== from) return { reason: 'forbidden', status: earlier.status };
  if (!REDIRECTABLE_STATUSES.has(earlier.status)) {
    return { reason: 'not-allowed-now', status: earlier.status };
  }
  return null;
};

const send = async (tx: ChangeTx, c: Send, actor: Actor, at: Date): Promise<CommandResult> => {
  const from = actor.organisation.id;
  const [existing] = await tx.query<{ status: ReferralStatus; from_org: string; to_org: string }>(
    'select status, from_org, to_org from referrals where id = $1',
    [c.referralId],
  );
  if (existing) {
    // Outside the pair the referral does not exist (#12): "conflict" told an outsider it did.
    const inPair = existing.from_org === from || existing.to_org === from;
    return inPair ? rejected(c, 'conflict', existing.status) : rejected(c, 'not-found');
  }
  if (c.redirectedFrom) {
    const refusal = await checkRedirect(tx, c.redirectedFrom, from);
    if (refusal) return rejected(c, refusal.reason, refusal.status);
  }
  const service = await loadService(tx, c.serviceId);
  if (!service) return rejected(c, 'not-found');
  if (service.organization_id === from) return rejected(c, 'own-organisation');
  if (!isReceiving(service.receiving, londonDate(at))) return rejected(c, 'service-not-receiving');
  // A category the network never added is unknown here (#4).
  if (!(await knownIssues(tx, c.issues))) return rejected(c, 'not-found');
  // Rules that exclude the client are overridden only with a reason (#4).
  const eligibility = checkEligibility(service, c, from, at);
  if (!eligibility.ok) return rejected(c, eligibility.reason);
  const step = transition('draft', 'send', 'referrer');
  const network = await loadNetwork(tx);
  const receiver = await loadOrganisation(tx, service.organization_id);
  if (!step.ok || !network || !receiver) throw new Error('send: network or receiver missing');

  const sentAt = at.toISOString();
  const settings = network.settings;
  const due = acknowledgeBy(
    sentAt,
    { nation: receiver.nation, closures: settings.closures },
    settings,
    c.urgent,
  );
  // The district the desk sent as metadata, else the one of the shared postcode.
  const postcode = c.payload.client.postcode;
  const district = c.postcodeDistrict ?? (postcode === null ? null : postcodeDistrict(postcode));
  await tx.query(
    `insert into referrals (id, from_org, to_org, to_service, status, issues, postcode_district,
        urgent, sent_at, acknowledge_by, act_by, consent, updated_at, urgent_reason,
        redirected_from, eligibility_override)
     values ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, null, $11::text::jsonb, $9, $12, $13,
        $14::text::jsonb)`,
    [
      c.referralId,
      from,
      receiver.id,
      service.id,
      step.status,
      [...new Set(c.issues)],
      district,
      c.urgent,
      sentAt,
      due,
      json(c.consent),
      c.urgent ? (c.urgentReason ?? null) : null,
      c.redirectedFrom ?? null,
      eligibility.value === null ? null : json(eligibility.value),
    ],
  );
  await tx.query(
    'insert into referral_payloads (referral_id, payload) values ($1, $2::text::jsonb)',
    [c.referralId, json(c.payload)],
  );
  await addEvent(tx, c.referralId, 'sent', actor, at, { serviceId: service.id });
  await queueEmail(tx, 'new-referral', c.referralId, at);
  await tx.change('referral', c.referralId, [from, receiver.id]);
  return applied(c);
};

type ReferralRow = {
  status: ReferralStatus;
  from_org: string;
  to_org: string;
  urgent: boolean;
  nation: Organisation['nation'];
};

/** Locks the referral row; null if it does not exist for this organisation. */
const lockReferral = async (
  tx: ChangeTx,
  referralId: string,
  org: string,
): Promise<ReferralRow | null> => {
  const [row] = await tx.query<ReferralRow>(
    `select r.status, r.from_org, r.to_org, r.urgent, o.nation
       from referrals r join organisations o on o.id = r.to_org
      where r.id = $1 for update of r`,
    [referralId],
  );
  // Outside the pair the referral does not exist, as for GET /referrals/:id.
  return row && (row.from_org === org || row.to_org === org) ? row : null;
};

const touch = async (tx: ChangeTx, referralId: string, row: ReferralRow, at: Date) => {
  await tx.query('update referrals set updated_at = $2 where id = $1', [
    referralId,
    at.toISOString(),
  ]);
  await tx.change('referral', referralId, [row.from_org, row.to_org]);
};

/** Notes: either side, in any status, once per note id. */
const note = async (tx: ChangeTx, c: Note, actor: Actor, at: Date): Promise<CommandResult> => {
  const row = await lockReferral(tx, c.referralId, actor.organisation.id);
  if (!row) return rejected(c, 'not-found');
  const [clash] = await tx.query<{ referral_id: string }>(
    'select referral_id from referral_events where id = $1',
    [c.noteId],
  );
  // An id used on another referral says nothing about it (#12).
  if (clash) {
    return clash.referral_id === c.referralId
      ? rejected(c, 'conflict', row.status)
      : rejected(c, 'not-found');
  }
  await addEvent(tx, c.referralId, 'note', actor, at, { text: c.text }, c.noteId);
  await touch(tx, c.referralId, row, at);
  return applied(c);
};

/**
 * Erasure at the client's request (#5), by either agency of the pair, in any
 * status: the shared record loses the client's details, its free-text event
 * details (notes, reasons, outcomes, file names) and its documents; an
 * `erased` event tells the other agency, whose desk then holds only the
 * scrubbed copy. Asked again, nothing more happens.
 */
const erase = async (tx: ChangeTx, c: Erase, actor: Actor, at: Date): Promise<CommandResult> => {
  const row = await lockReferral(tx, c.referralId, actor.organisation.id);
  if (!row) return rejected(c, 'not-found');
  const [done] = await tx.query(
    `select 1 from referral_events where referral_id = $1 and type = 'erased'`,
    [c.referralId],
  );
  if (done) return applied(c);
  await tx.query('update referral_payloads set payload = $2::text::jsonb where referral_id = $1', [
    c.referralId,
    json(scrubbedPayload()),
  ]);
  const [kept] = await tx.query<{ consent: Consent }>(
    'select consent from referrals where id = $1',
    [c.referralId],
  );
  if (kept) {
    await tx.query(
      `update referrals set consent = $2::text::jsonb,
         urgent_reason = case when urgent_reason is null then null else $3 end,
         eligibility_override = case when eligibility_override is null then null
           else jsonb_set(eligibility_override, '{reason}', to_jsonb($3::text)) end
       where id = $1`,
      [c.referralId, json(scrubConsent(kept.consent)), ERASED_TEXT],
    );
  }
  const events = await tx.query<{ id: string; data: Record<string, unknown> }>(
    'select id, data from referral_events where referral_id = $1',
    [c.referralId],
  );
  for (const event of events) {
    const scrubbed = scrubEventData(event.data);
    if (json(scrubbed) === json(event.data)) continue;
    await tx.query('update referral_events set data = $2::text::jsonb where id = $1', [
      event.id,
      json(scrubbed),
    ]);
  }
  await tx.query('delete from referral_documents where referral_id = $1', [c.referralId]);
  await addEvent(tx, c.referralId, 'erased', actor, at, {});
  await touch(tx, c.referralId, row, at);
  return applied(c);
};

/** Lifecycle actions: only what `transition()` allows, only by the right side. */
const lifecycle = async (
  tx: ChangeTx,
  c: Action,
  actor: Actor,
  at: Date,
): Promise<CommandResult> => {
  const org = actor.organisation.id;
  const row = await lockReferral(tx, c.referralId, org);
  if (!row) return rejected(c, 'not-found');
  const spec = ACTIONS[c.type];
  const side = row.from_org === org ? 'referrer' : 'receiver';
  const step = transition(row.status, spec.action, side);
  if (!step.ok) {
    return rejected(c, step.reason === 'wrong-side' ? 'forbidden' : 'not-allowed-now', row.status);
  }
  if (spec.action === 'acknowledge') {
    const network = await loadNetwork(tx);
    if (!network) throw new Error('acknowledge: no network');
    const { settings } = network;
    const due = actBy(
      at.toISOString(),
      { nation: row.nation, closures: settings.closures },
      settings,
      row.urgent,
    );
    await tx.query('update referrals set act_by = $2 where id = $1', [c.referralId, due]);
  }
  await tx.query('update referrals set status = $2 where id = $1', [c.referralId, step.status]);
  // The specs are keyed by type, so this pairing is exact; TypeScript cannot see it.
  const data = (spec.data as (x: Action) => Record<string, unknown>)(c);
  await addEvent(tx, c.referralId, spec.event, actor, at, data);
  if (isOutcome(step.status)) await queueEmail(tx, 'outcome', c.referralId, at);
  await touch(tx, c.referralId, row, at);
  return applied(c);
};

/**
 * Applies one command at most once, in its own transaction. A replay of a
 * known mutation id by the same user gets the stored answer and changes
 * nothing. Only the server decides, through `transition()`.
 */
export const applyCommand = async (
  ctx: CommandContext,
  user: SessionUser,
  c: Command,
  /** The command's audit entry, written in the same transaction (#6). */
  record?: CommandRecorder,
): Promise<CommandResult> => {
  const at = ctx.now();
  return changeTx(
    ctx.db,
    (tx) =>
      atMostOnce(
        tx,
        user,
        c.mutationId,
        at,
        async () => {
          const organisation =
            user.organisationId === null ? null : await loadOrganisation(tx, user.organisationId);
          // The roles matrix (src/roles.ts): e.g. a coordinator never sends or acts on a referral.
          const permission = c.type === 'referral.send' ? 'referral.send' : 'referral.act';
          if (!organisation || !can(user.role, permission)) return rejected(c, 'forbidden');
          const actor = { user, organisation };
          if (c.type === 'referral.send') return send(tx, c, actor, at);
          if (c.type === 'referral.note') return note(tx, c, actor, at);
          if (c.type === 'referral.erase') return erase(tx, c, actor, at);
          if (c.type === 'referral.claim' || c.type === 'referral.assign')
            return applyHold(tx, c, actor, at);
          return lifecycle(tx, c, actor, at);
        },
        record,
      ),
    at,
  );
};
