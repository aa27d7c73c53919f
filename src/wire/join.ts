import { z } from 'zod';
import { stored, text } from '#src/wire/text.ts';
import { isoDateTime, nationSchema } from '#src/wire/directory.ts';

/**
 * Agencies asking to join the network (#4): sent from the public directory's
 * "join" form, approved (which invites the would-be lead and creates the
 * agency) or declined with a reason by the coordinator.
 */
export const joinRequestSchema = z.object({
  id: z.uuid(),
  organisationName: stored(),
  nation: nationSchema,
  about: stored(),
  contactName: stored(),
  contactEmail: stored(),
  requestedAt: isoDateTime,
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export const joinRequestsResponseSchema = z.object({ requests: z.array(joinRequestSchema) });

export const joinDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({
    decision: z.literal('decline'),
    reason: text(1000).min(1, 'Say why, for the agency’s contact'),
  }),
]);
export type JoinDecision = z.infer<typeof joinDecisionSchema>;

/** Approving gives the coordinator the lead's one-time invitation code, to pass on if not emailed. */
export const joinApprovedSchema = z.object({
  organisationId: z.uuid(),
  code: stored(),
  expiresAt: stored(),
  emailed: z.boolean(),
});
export type JoinApproved = z.infer<typeof joinApprovedSchema>;
