import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Handlers } from '#src/contract.ts';
import { joinApprovedSchema, joinRequestsResponseSchema } from '#src/wire/join.ts';

/** The coordinator's side of agencies asking to join (#4): asked of the server, which checks the role. */
export const joinHandlers = (deps: {
  session: () => CallSession | null;
}): Pick<Handlers, 'network.joinRequests' | 'network.decideJoin'> => {
  const call = signedInCall(deps.session);
  return {
    'network.joinRequests': () =>
      call(
        '/join-requests',
        undefined,
        (v) => joinRequestsResponseSchema.safeParse(v).data?.requests ?? null,
      ),
    'network.decideJoin': ({ id, ...decision }) =>
      call(`/join-requests/${id}/decision`, decision, (v) => {
        // A decline answers 204, with nothing to read.
        if (decision.decision === 'decline') return { approved: null };
        const approved = joinApprovedSchema.safeParse(v);
        return approved.success ? { approved: approved.data } : null;
      }),
  };
};
