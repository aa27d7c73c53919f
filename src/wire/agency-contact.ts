import { z } from 'zod';

/**
 * An agency's designated email contact (#3): where its "new referral" emails
 * go; null sends them to its leads. Set by the agency's lead.
 */
export const AGENCY_CONTACT_PATH = '/agency/contact';

export const agencyContactSchema = z.object({ email: z.email().max(320).nullable() });
export type AgencyContact = z.infer<typeof agencyContactSchema>;
