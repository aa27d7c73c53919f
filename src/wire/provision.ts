import { z } from 'zod';
import { line, stored, text } from '#src/wire/text.ts';
import { isoDateTime, issueCodeSchema } from '#src/wire/directory.ts';

/**
 * What the network learns from its advisers beyond referrals (#4): gaps in
 * provision (no service could take a client) and signposting (a client was
 * told about a service; nothing was sent). Neither carries any client data:
 * the network's figures count them beside referrals.
 */

/** A postcode district (NR1) or area (NR), or a place name when that is what the adviser knows. */
export const gapAreaSchema = line(100).min(1, 'Say which area: a postcode district such as NR1');
export const gapWhySchema = text(1000).min(1, 'Say why no service could help');

export const gapCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('gap.record'),
  gapId: z.uuid(),
  issue: issueCodeSchema,
  area: gapAreaSchema,
  why: gapWhySchema,
});
export type GapCommand = z.infer<typeof gapCommandSchema>;

export const postcodeDistrictSchema = z
  .string()
  .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'a postcode district such as NR1');

export const signpostCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('signpost.record'),
  signpostId: z.uuid(),
  serviceId: z.uuid(),
  issues: z.array(issueCodeSchema).max(30),
  /** Where the client lives, as a district only (routing metadata for demand by area). */
  postcodeDistrict: postcodeDistrictSchema.nullable(),
});
export type SignpostCommand = z.infer<typeof signpostCommandSchema>;

/** A gap in provision as coordinators (and the recording agency's lead) see it. */
export const gapSchema = z.object({
  id: z.uuid(),
  issue: issueCodeSchema,
  area: stored(),
  why: stored(),
  organisationName: stored(),
  recordedBy: stored(),
  recordedAt: isoDateTime,
});
export type Gap = z.infer<typeof gapSchema>;
export const gapsResponseSchema = z.object({ gaps: z.array(gapSchema) });

/** The directory's part of the figures: signposts beside referrals, gaps by issue and area. */
export const provisionFiguresSchema = z.object({
  referralsSent: z.int(),
  signposts: z.int(),
  gapsByIssue: z.record(stored(), z.int()),
  gapsByArea: z.record(stored(), z.int()),
});
export type ProvisionFigures = z.infer<typeof provisionFiguresSchema>;
