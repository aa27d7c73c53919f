import { z } from 'zod';
import { stored } from '#src/wire/text.ts';
import { REFERRAL_STATUSES } from '#src/referral/lifecycle.ts';
import { isoDate, isoDateTime, issueCodeSchema } from '#src/wire/directory.ts';

/**
 * An overdue referral as a receiving agency's lead or the network's
 * coordinator sees it: routing metadata only. No client name, no payload: a
 * coordinator must be able to chase a late agency without reading anyone's
 * personal details.
 */
export const overdueReferralSchema = z.object({
  id: z.uuid(),
  status: z.enum(REFERRAL_STATUSES),
  from: z.object({ organisationId: z.uuid(), organisationName: stored() }),
  to: z.object({
    organisationId: z.uuid(),
    organisationName: stored(),
    serviceId: z.uuid(),
    serviceName: stored(),
  }),
  issues: z.array(issueCodeSchema),
  urgent: z.boolean(),
  sentAt: isoDateTime,
  /** What is awaited from the receiver, and by when it was due. */
  waitingFor: z.enum(['acknowledge', 'act']),
  dueBy: isoDate,
});
export type OverdueReferral = z.infer<typeof overdueReferralSchema>;

export const overdueResponseSchema = z.object({
  scope: z.enum(['agency', 'network']),
  referrals: z.array(overdueReferralSchema),
});
export type OverdueResponse = z.infer<typeof overdueResponseSchema>;
