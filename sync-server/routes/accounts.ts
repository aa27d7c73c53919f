import type { FastifyInstance } from 'fastify';
import {
  acceptInvitation,
  cancelInvitation,
  invite,
  inviteReset,
  loadAccount,
  mayManage,
} from '#server/accounts/invitations.ts';
import { secretBrake } from '#server/auth/lockout.ts';
import { appendAuditIn } from '#server/audit/log.ts';
import { auditBy, auditIn } from '#server/audit/record.ts';
import { dismissNotice, leaveNotices, listNotices } from '#server/accounts/notices.ts';
import { emailInvitation, emailResetNotice } from '#server/email/invitations.ts';
import type { ServerContext } from '#server/context.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError, tooManyAttempts } from '#server/http/errors.ts';
import { isUuid } from '#src/ids.ts';
import { API, type Role } from '#src/wire/api.ts';
import {
  acceptInvitationSchema,
  inviteRequestSchema,
  setDisabledSchema,
  type Account,
  type AccountNotice,
  type Device,
  type ResetResponse,
} from '#src/wire/accounts.ts';

type AccountRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation_id: string | null;
  disabled: boolean;
};

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  organisationId: r.organisation_id,
  disabled: r.disabled,
});

/** Accepting an invitation needs no session: it is open, so it is rate-limited per address. */
export const openAccountRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(`${API}/invitations/accept`, async (request, reply) => {
    const body = parseOr400(acceptInvitationSchema, request.body, reply);
    if (body === null) return reply;
    const now = ctx.now();
    // Counted before the code is checked, so guesses sent at once are braked too.
    const brake = [secretBrake(ctx.lockout, 'accept', request.ip)];
    const taken = await ctx.brakes.take(brake, now);
    if (!taken.ok) return tooManyAttempts(reply, taken.until, now);
    const result = await acceptInvitation(ctx.db, body, now, (q, accepted) =>
      appendAuditIn(
        q,
        {
          action: `invitation.accept.${accepted.purpose}`,
          actorUserId: accepted.userId,
          entityId: accepted.userId,
          organisationIds: [accepted.organisationId],
        },
        now,
      ),
    );
    if (result.ok || result.reason !== 'invitation-invalid') {
      // The code was right (a weak password or an existing account is not a guess).
      await ctx.brakes.succeeded(brake);
    }
    if (result.ok) {
      // Accepting a code ends every session of the account (a reset): close their streams.
      await ctx.sessions.ended({ userId: result.value.userId });
      return reply.code(204).send();
    }
    if (result.reason === 'invitation-invalid') {
      await ctx.brakes.failed(brake, now);
      return sendError(reply, 400, 'invitation-invalid');
    }
    if (result.reason === 'weak-password') {
      return sendError(reply, 400, 'weak-password', result.detail);
    }
    return sendError(reply, 409, 'conflict', 'account-exists');
  });
};

/** Invitations, the agency's accounts, and the user's own devices. Behind `authenticate`. */
export const accountRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post(`${API}/invitations`, async (request, reply) => {
    const body = parseOr400(inviteRequestSchema, request.body, reply);
    if (body === null) return reply;
    const inviter = userOf(request);
    const result = await invite(ctx.db, inviter, body, ctx.now(), (q, { invitation }) =>
      auditIn(q, ctx, request, 'invitation.create', invitation.id, { role: invitation.role }, [
        invitation.organisationId,
      ]),
    );
    if (result.ok) {
      const { invitation, code } = result.value;
      // Sent after the invitation committed; its own entry says whether it went.
      const emailed = await emailInvitation(ctx, invitation, code, inviter.name);
      if (ctx.mailer !== null) {
        await auditBy(ctx, request, 'invitation.email', invitation.id, { sent: emailed }, [
          invitation.organisationId,
        ]);
      }
      return reply.code(201).send({ ...result.value, emailed });
    }
    const status = result.reason === 'forbidden' ? 403 : result.reason === 'conflict' ? 409 : 400;
    return sendError(reply, status, result.reason, result.detail);
  });

  app.get(
    `${API}/users`,
    { preHandler: requirePermission('users.list-agency') },
    async (request): Promise<{ users: Account[] }> => {
      const user = userOf(request);
      const rows =
        user.role === 'coordinator'
          ? await ctx.db.query<AccountRow>(
              `select id, name, email, role, organisation_id, disabled from users
                order by organisation_id nulls first, name`,
            )
          : await ctx.db.query<AccountRow>(
              `select id, name, email, role, organisation_id, disabled from users
                where organisation_id = $1 order by name`,
              [user.organisationId],
            );
      return { users: rows.map(toAccount) };
    },
  );

  app.post<{ Params: { id: string } }>(
    `${API}/users/:id/disabled`,
    { preHandler: requirePermission('users.disable') },
    async (request, reply) => {
      const body = parseOr400(setDisabledSchema, request.body, reply);
      if (body === null) return reply;
      const actor = userOf(request);
      const { id } = request.params;
      const target = isUuid(id) ? await loadAccount(ctx.db, id) : null;
      if (!target) return sendError(reply, 404, 'not-found');
      if (!mayManage(actor, { ...target, organisationId: target.organisation_id })) {
        return sendError(
          reply,
          actor.role === 'lead' ? 404 : 403,
          actor.role === 'lead' ? 'not-found' : 'forbidden',
        );
      }
      await ctx.db.tx(async (q) => {
        await q.query('update users set disabled = $2 where id = $1', [id, body.disabled]);
        // Disabled means signed out everywhere, at once.
        if (body.disabled) await q.query('delete from sessions where user_id = $1', [id]);
        await auditIn(q, ctx, request, body.disabled ? 'user.disable' : 'user.enable', id, {}, [
          target.organisation_id,
        ]);
      });
      // Their open event streams close now, so their desks lock now.
      if (body.disabled) await ctx.sessions.ended({ userId: id });
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    `${API}/users/:id/reset`,
    { preHandler: requirePermission('users.reset-password') },
    async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) return sendError(reply, 404, 'not-found');
      const actor = userOf(request);
      const now = ctx.now();
      const result = await inviteReset(ctx.db, actor, id, now, ctx.mailer !== null, (q, made) =>
        made.kind === 'code'
          ? auditIn(q, ctx, request, 'user.reset-password', id, { delivery: made.delivery }, [
              made.target.organisation_id,
            ])
          : auditIn(q, ctx, request, 'user.reset-asked', id, {}, [made.target.organisation_id]),
      );
      if (!result.ok) {
        if (result.reason === 'conflict') {
          return sendError(reply, 409, 'conflict', 'reset-needs-email');
        }
        return sendError(reply, result.reason === 'forbidden' ? 403 : 404, result.reason);
      }
      const made = result.value;
      const { target } = made;
      let answer: ResetResponse = { emailed: false, leadsAsked: true };
      let delivery: AccountNotice['delivery'] = 'leads';
      if (made.kind === 'code') {
        const { invitation, code } = made.response;
        const emailed = await emailInvitation(ctx, invitation, code, actor.name);
        if (ctx.mailer !== null) {
          await auditBy(ctx, request, 'invitation.email', invitation.id, { sent: emailed }, [
            invitation.organisationId,
          ]);
        }
        if (made.delivery === 'shown') {
          answer = { code, expiresAt: invitation.expiresAt, emailed, leadsAsked: false };
          delivery = 'shown';
        } else if (emailed) {
          // Only the person has the code: the coordinator is told it went, never what it is.
          answer = { emailed: true, leadsAsked: false };
          delivery = 'emailed';
        } else {
          // The code reached nobody: end it, and leave it to the agency's leads.
          await cancelInvitation(ctx.db, invitation.id, now);
          if (made.delivery === 'person-only') {
            return sendError(reply, 409, 'conflict', 'reset-needs-email');
          }
        }
      }
      // The person and their agency's leads are told of every reset, on their desks and by email.
      const kind: AccountNotice['kind'] = delivery === 'leads' ? 'reset-asked' : 'reset-made';
      const leads = made.leads.filter((l) => l.id !== actor.id && l.id !== target.id);
      await ctx.db.tx((q) =>
        leaveNotices(
          q,
          [target.id, ...leads.map((l) => l.id)],
          { kind, subject: { id: target.id, name: target.name }, actorName: actor.name, delivery },
          now,
        ),
      );
      await emailResetNotice(ctx, {
        kind,
        to: leads.map((l) => l.email),
        subjectName: target.name,
        actorName: actor.name,
        delivery,
        organisationId: target.organisation_id,
      });
      return reply.code(201).send(answer);
    },
  );

  app.get(`${API}/me/notices`, async (request): Promise<{ notices: AccountNotice[] }> => ({
    notices: await listNotices(ctx.db, userOf(request).id),
  }));

  app.post<{ Params: { id: string } }>(`${API}/me/notices/:id/dismiss`, async (request, reply) => {
    const { id } = request.params;
    const done = isUuid(id) && (await dismissNotice(ctx.db, userOf(request).id, id, ctx.now()));
    return done ? reply.code(204).send() : sendError(reply, 404, 'not-found');
  });

  app.get(`${API}/me/devices`, async (request): Promise<{ devices: Device[] }> => {
    const user = userOf(request);
    const rows = await ctx.db.query<{
      id: string;
      device: string;
      created_at: Date | string;
      last_seen_at: Date | string;
      token_hash: string;
    }>(
      `select id, device, created_at, last_seen_at, token_hash from sessions
        where user_id = $1 order by last_seen_at desc`,
      [user.id],
    );
    return {
      devices: rows.map((r) => ({
        id: r.id,
        device: r.device,
        createdAt: new Date(r.created_at).toISOString(),
        lastSeenAt: new Date(r.last_seen_at).toISOString(),
        current: r.token_hash === user.tokenHash,
      })),
    };
  });

  app.delete<{ Params: { id: string } }>(`${API}/me/devices/:id`, async (request, reply) => {
    const user = userOf(request);
    const { id } = request.params;
    if (!isUuid(id)) return sendError(reply, 404, 'not-found');
    // Only the user's own sessions: someone else's id is simply not found.
    const ended = await ctx.db.tx(async (q) => {
      const [gone] = await q.query<{ token_hash: string }>(
        'delete from sessions where id = $1 and user_id = $2 returning token_hash',
        [id, user.id],
      );
      if (gone !== undefined) await auditIn(q, ctx, request, 'device.sign-out', id);
      return gone;
    });
    if (ended === undefined) return sendError(reply, 404, 'not-found');
    await ctx.sessions.ended({ tokenHash: ended.token_hash });
    return reply.code(204).send();
  });
};
