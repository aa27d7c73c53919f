import { invitationMade } from '#main/account/handlers.ts';
import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Handlers } from '#src/contract.ts';
import { ok } from '#src/result.ts';
import { meSchema } from '#src/wire/api.ts';
import {
  auditResponseSchema,
  figuresSchema,
  inviteResponseSchema,
  organisationsResponseSchema,
} from '#src/wire/accounts.ts';

/** The day after `date` (YYYY-MM-DD), at midnight UTC: "to" includes the whole day. */
const dayAfter = (date: string): string => {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};

/**
 * The coordinator's handlers (#6): the network's agencies, inviting a lead,
 * figures, the audit log and the two-factor rule. Every one is a call to the
 * server, which checks the role; nothing here touches the local store.
 */
export const networkHandlers = (deps: {
  session: () => CallSession | null;
}): Pick<
  Handlers,
  | 'network.organisations'
  | 'network.inviteLead'
  | 'network.figures'
  | 'network.audit'
  | 'network.twoFactorRule'
  | 'network.setTwoFactorRule'
> => {
  const call = signedInCall(deps.session);
  const rule = () =>
    call('/me', undefined, (v) => {
      const me = meSchema.safeParse(v);
      return me.success ? { required: me.data.network.settings.requireTwoFactor === true } : null;
    });
  return {
    'network.organisations': () =>
      call(
        '/organisations',
        undefined,
        (v) => organisationsResponseSchema.safeParse(v).data?.organisations ?? null,
      ),
    'network.inviteLead': (request) =>
      call('/invitations', { ...request, role: 'lead' }, (v) => {
        const made = inviteResponseSchema.safeParse(v);
        return made.success ? invitationMade(made.data) : null;
      }),
    'network.figures': () =>
      call('/figures', undefined, (v) => figuresSchema.safeParse(v).data ?? null),
    'network.audit': (request) => {
      const query = new URLSearchParams({ limit: '100' });
      if (request.action !== undefined && request.action !== '')
        query.set('action', request.action);
      if (request.entityId !== undefined && request.entityId !== '')
        query.set('entityId', request.entityId);
      if (request.userId !== undefined) query.set('userId', request.userId);
      if (request.from !== undefined) query.set('from', `${request.from}T00:00:00.000Z`);
      if (request.to !== undefined) query.set('to', dayAfter(request.to));
      if (request.before !== undefined) query.set('before', String(request.before));
      return call(
        `/audit?${query.toString()}`,
        undefined,
        (v) => auditResponseSchema.safeParse(v).data?.entries ?? null,
      );
    },
    'network.twoFactorRule': rule,
    'network.setTwoFactorRule': async (request) => {
      const done = await call('/network/two-factor', { required: request.required }, () => true);
      return done.ok ? ok({ required: request.required }) : done;
    },
  };
};
