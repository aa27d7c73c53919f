import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invite } from '#server/accounts/invitations.ts';
import { auditBy, auditIn } from '#server/audit/record.ts';
import type { ServerContext } from '#server/context.ts';
import { lockOpenRequest, openJoinRequests, recordDecision } from '#server/directory/join.ts';
import { emailInvitation } from '#server/email/invitations.ts';
import { requirePermission, userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { API } from '#src/wire/api.ts';
import { joinDecisionSchema, type JoinApproved, type JoinRequest } from '#src/wire/join.ts';

const params = z.object({ id: z.uuid() });

/**
 * The coordinator's side of agencies asking to join (#4): the open requests,
 * and a decision on each. Approving invites the contact as the new agency's
 * lead (creating the agency), exactly as inviting a lead does.
 */
export const joinRequestRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.get(
    `${API}/join-requests`,
    { preHandler: requirePermission('invite.lead') },
    async (): Promise<{ requests: JoinRequest[] }> => ({
      requests: await openJoinRequests(ctx.db),
    }),
  );

  app.post(
    `${API}/join-requests/:id/decision`,
    { preHandler: requirePermission('invite.lead') },
    async (request, reply) => {
      const p = params.safeParse(request.params);
      if (!p.success) return sendError(reply, 404, 'not-found');
      const body = parseOr400(joinDecisionSchema, request.body, reply);
      if (body === null) return reply;
      const user = userOf(request);
      const now = ctx.now();
      if (body.decision === 'decline') {
        const declined = await ctx.db.tx(async (q) => {
          if ((await lockOpenRequest(q, p.data.id)) === null) return false;
          await recordDecision(q, p.data.id, 'declined', user.id, now, { reason: body.reason });
          return true;
        });
        if (!declined) return sendError(reply, 404, 'not-found');
        await auditBy(ctx, request, 'join-request.decline', p.data.id);
        return reply.code(204).send();
      }
      // Read first (outside the invitation's transaction), then decided inside it.
      const open = (await openJoinRequests(ctx.db)).find((r) => r.id === p.data.id);
      if (open === undefined) return sendError(reply, 404, 'not-found');
      const made = await invite(
        ctx.db,
        user,
        {
          role: 'lead',
          email: open.contactEmail,
          name: open.contactName,
          organisationName: open.organisationName,
          nation: open.nation,
        },
        now,
        async (q, { invitation }) => {
          // Decided once: a second approval at the same moment undoes its own invitation.
          if ((await lockOpenRequest(q, open.id)) === null) throw new Error('already decided');
          await recordDecision(q, open.id, 'approved', user.id, now, {
            organisationId: invitation.organisationId ?? undefined,
          });
          await auditIn(q, ctx, request, 'join-request.approve', open.id, {}, [
            invitation.organisationId,
          ]);
        },
      ).catch((e: unknown) => {
        if (e instanceof Error && e.message === 'already decided') return null;
        throw e;
      });
      if (made === null) return sendError(reply, 404, 'not-found');
      if (!made.ok) {
        return sendError(reply, made.reason === 'conflict' ? 409 : 400, made.reason, made.detail);
      }
      const { invitation, code } = made.value;
      const emailed = await emailInvitation(ctx, invitation, code, user.name);
      const answer: JoinApproved = {
        organisationId: invitation.organisationId ?? '',
        code,
        expiresAt: invitation.expiresAt,
        emailed,
      };
      return reply.code(201).send(answer);
    },
  );
};
