import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Handlers } from '#src/contract.ts';
import { organisationViewSchema } from '#src/wire/organisation-edit.ts';

/**
 * An agency's details (#4): read by anyone in the network, kept by its lead
 * (a coordinator: any). Asked of the server, which checks who may change them.
 */
export const organisationHandlers = (deps: {
  session: () => CallSession | null;
}): Pick<Handlers, 'organisation.get' | 'organisation.update'> => {
  const call = signedInCall(deps.session);
  const parse = (v: unknown) => organisationViewSchema.safeParse(v).data ?? null;
  return {
    'organisation.get': (request) => call(`/organisation-details/${request.id}`, undefined, parse),
    'organisation.update': (request) =>
      call(`/organisation-details/${request.id}`, request.edit, parse),
  };
};
