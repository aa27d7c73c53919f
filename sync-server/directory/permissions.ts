import type { SessionUser } from '#server/auth/sessions.ts';

/**
 * Who may change a service's record: a lead for their own organisation's
 * services, a coordinator for any. A small rule on purpose, to be swapped for
 * the network's roles matrix when that lands.
 */
export const canEditService = (user: SessionUser, serviceOrganisationId: string): boolean =>
  user.role === 'coordinator' ||
  (user.role === 'lead' && user.organisationId === serviceOrganisationId);
