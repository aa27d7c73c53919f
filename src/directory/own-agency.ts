/**
 * A referral goes through the network to another agency, never to the
 * adviser's own (the server refuses it: 'own-organisation'). One rule for
 * the server and for the directory on the desk, which marks the adviser's
 * own services "Your agency" and offers no referral to them (#12).
 */
export const isOwnAgency = (
  service: { organization_id: string },
  ownOrganisationId: string | null,
): boolean => ownOrganisationId !== null && service.organization_id === ownOrganisationId;
