import { generatePassword, hashPassword } from '#server/auth/passwords.ts';
import { tokenHash, type SessionUser } from '#server/auth/sessions.ts';
import { checkPassword, type PasswordProblem } from '#server/accounts/password-policy.ts';
import type { Db, Queryable } from '#server/db/db.ts';
import { newId } from '#src/ids.ts';
import { err, ok, type Result } from '#src/result.ts';
import { can, invitableRoles } from '#src/roles.ts';
import type { Role } from '#src/wire/api.ts';
import type {
  AcceptInvitation,
  Invitation,
  InviteRequest,
  InviteResponse,
} from '#src/wire/accounts.ts';
import { LOCK_INVITATIONS } from '#server/db/locks.ts';

/**
 * One-time invitations: a coordinator invites an agency's lead (creating the
 * agency), a lead invites the agency's staff, and a password is reset the
 * same way — never by mailing a password. The code is shown to the inviter
 * once (or emailed, when the network has email); only its SHA-256 is kept.
 * It works once, for the invited email only, until it expires.
 */
/** Work to do inside the transaction that made a change: its audit entry (#6). */
export type Recorder<T> = (q: Queryable, value: T) => Promise<void>;

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const RESET_TTL_MS = 2 * 24 * 60 * 60_000;

/** Codes are compared without their dashes and case-sensitively. */
export const codeHash = (code: string): string => tokenHash(code.replace(/-/g, ''));

type InvitationRow = {
  id: string;
  purpose: 'join' | 'reset';
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  user_id: string | null;
  expires_at: Date | string;
  used_at: Date | string | null;
};

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  organisationId: r.organisation_id,
  purpose: r.purpose,
  expiresAt: new Date(r.expires_at).toISOString(),
});

const insert = async (
  q: Queryable,
  row: Omit<InvitationRow, 'id' | 'used_at' | 'expires_at'>,
  invitedBy: string,
  now: Date,
  ttlMs: number,
): Promise<InviteResponse> => {
  // A newer invitation for the same email replaces any still waiting.
  await q.query('update invitations set used_at = $2 where email = $1 and used_at is null', [
    row.email,
    now.toISOString(),
  ]);
  const code = generatePassword();
  const full: InvitationRow = {
    ...row,
    id: newId(),
    expires_at: new Date(now.getTime() + ttlMs).toISOString(),
    used_at: null,
  };
  await q.query(
    `insert into invitations (id, code_hash, purpose, email, name, role, organisation_id,
        user_id, invited_by, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      full.id,
      codeHash(code),
      full.purpose,
      full.email,
      full.name,
      full.role,
      full.organisation_id,
      full.user_id,
      invitedBy,
      now.toISOString(),
      full.expires_at,
    ],
  );
  return { invitation: toInvitation(full), code };
};

export type InviteRefusal = 'forbidden' | 'conflict' | 'bad-request';

/** A coordinator invites a lead (and so creates the agency); a lead invites an adviser. */
export const invite = async (
  db: Db,
  inviter: SessionUser,
  request: InviteRequest,
  now: Date,
  /** Runs in the same transaction once the invitation is made (its audit entry). */
  record?: Recorder<InviteResponse>,
): Promise<Result<InviteResponse, InviteRefusal>> => {
  if (!invitableRoles(inviter.role).includes(request.role)) return err('forbidden');
  const email = request.email.toLowerCase();
  return db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1, hashtext($2))', [LOCK_INVITATIONS, email]);
    const [taken] = await q.query('select 1 from users where email = $1', [email]);
    if (taken) return err('conflict', 'account-exists');
    // Issue #12: a newer invitation replaces one still waiting (a lost code), but a
    // lead never replaces another agency's: that cancelled it, and the new code's
    // holder took the account. Coordinators (who invite leads) may. The inviter
    // learns only that an invitation is waiting, not whose.
    if (inviter.role !== 'coordinator') {
      const [elsewhere] = await q.query(
        `select 1 from invitations
          where email = $1 and used_at is null and expires_at > $2
            and organisation_id is distinct from $3`,
        [email, now.toISOString(), inviter.organisationId],
      );
      if (elsewhere) return err('conflict', 'invitation-pending');
    }
    let organisationId: string;
    if (request.role === 'lead') {
      if (!request.organisationName || !request.nation) {
        return err('bad-request', 'organisationName and nation are needed for a new agency');
      }
      organisationId = newId();
      await q.query(
        'insert into organisations (id, name, nation, created_at) values ($1, $2, $3, $4)',
        [organisationId, request.organisationName, request.nation, now.toISOString()],
      );
    } else {
      if (inviter.organisationId === null) return err('forbidden');
      organisationId = inviter.organisationId;
    }
    const response = await insert(
      q,
      {
        purpose: 'join',
        email,
        name: request.name,
        role: request.role,
        organisation_id: organisationId,
        user_id: null,
      },
      inviter.id,
      now,
      INVITATION_TTL_MS,
    );
    await record?.(q, response);
    return ok(response);
  });
};

/** Whether `actor` may manage `target`'s account: a lead their agency's advisers, a coordinator anyone but administrators. */
export const mayManage = (
  actor: SessionUser,
  target: { id: string; role: Role; organisationId: string | null },
): boolean => {
  if (actor.id === target.id) return false;
  if (actor.role === 'coordinator') return target.role !== 'administrator';
  return (
    can(actor.role, 'users.disable') &&
    target.role === 'adviser' &&
    target.organisationId !== null &&
    target.organisationId === actor.organisationId
  );
};

type TargetRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
};

export const loadAccount = async (q: Queryable, id: string): Promise<TargetRow | null> => {
  const [row] = await q.query<TargetRow>(
    'select id, email, name, role, organisation_id from users where id = $1',
    [id],
  );
  return row ?? null;
};

/** A password reset: a one-time code for an existing account, given by its lead or a coordinator. */
export const inviteReset = async (
  db: Db,
  actor: SessionUser,
  userId: string,
  now: Date,
  /** Runs in the same transaction once the reset is made (its audit entry). */
  record?: Recorder<InviteResponse>,
): Promise<Result<InviteResponse, 'not-found' | 'forbidden'>> =>
  db.tx(async (q) => {
    const target = await loadAccount(q, userId);
    if (!target) return err('not-found');
    if (!can(actor.role, 'users.reset-password')) return err('forbidden');
    if (!mayManage(actor, { ...target, organisationId: target.organisation_id })) {
      // Outside the actor's agency the account does not exist for them.
      return err(actor.role === 'lead' ? 'not-found' : 'forbidden');
    }
    const response = await insert(
      q,
      {
        purpose: 'reset',
        email: target.email,
        name: target.name,
        role: target.role,
        organisation_id: target.organisation_id,
        user_id: target.id,
      },
      actor.id,
      now,
      RESET_TTL_MS,
    );
    await record?.(q, response);
    return ok(response);
  });

export type AcceptRefusal = 'invitation-invalid' | 'weak-password' | 'conflict';

/**
 * Spends an invitation: creates the account (join) or sets a new password and
 * ends every session of the account (reset). An unknown, used, expired or
 * other-email code gets the same answer.
 */
export type Accepted = {
  userId: string;
  purpose: 'join' | 'reset';
  organisationId: string | null;
};

export const acceptInvitation = async (
  db: Db,
  body: AcceptInvitation,
  now: Date,
  /** Runs in the same transaction once the code is spent (its audit entry). */
  record?: Recorder<Accepted>,
): Promise<Result<Accepted, AcceptRefusal>> => {
  const email = body.email.toLowerCase();
  // Checked before the transaction (argon2 is slow; PGlite holds the database in a tx).
  const [peek] = await db.query<InvitationRow>(
    `select id, purpose, email, name, role, organisation_id, user_id, expires_at, used_at
       from invitations where code_hash = $1`,
    [codeHash(body.code)],
  );
  if (!peek || peek.email !== email || peek.used_at !== null) return err('invitation-invalid');
  if (new Date(peek.expires_at).getTime() <= now.getTime()) return err('invitation-invalid');
  const policy: Result<void, PasswordProblem> = checkPassword(body.password, {
    email,
    name: peek.name,
  });
  if (!policy.ok) return err('weak-password', policy.reason);
  const passwordHash = await hashPassword(body.password);
  return db.tx(async (q) => {
    // Spend it first, atomically: of two racing accepts only one gets the row.
    const [row] = await q.query<InvitationRow>(
      `update invitations set used_at = $2
        where id = $1 and used_at is null and expires_at > $2
        returning id, purpose, email, name, role, organisation_id, user_id, expires_at, used_at`,
      [peek.id, now.toISOString()],
    );
    if (!row) return err('invitation-invalid');
    if (row.purpose === 'reset') {
      if (row.user_id === null) throw new Error('reset invitation without a user');
      await q.query('update users set password_hash = $2 where id = $1', [
        row.user_id,
        passwordHash,
      ]);
      await q.query('delete from sessions where user_id = $1', [row.user_id]);
      const reset: Accepted = {
        userId: row.user_id,
        purpose: 'reset',
        organisationId: row.organisation_id,
      };
      await record?.(q, reset);
      return ok(reset);
    }
    const [taken] = await q.query('select 1 from users where email = $1', [email]);
    if (taken) return err('conflict', 'account-exists');
    const userId = newId();
    await q.query(
      `insert into users (id, organisation_id, email, name, role, password_hash, created_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [userId, row.organisation_id, email, row.name, row.role, passwordHash, now.toISOString()],
    );
    const joined: Accepted = { userId, purpose: 'join', organisationId: row.organisation_id };
    await record?.(q, joined);
    return ok(joined);
  });
};
