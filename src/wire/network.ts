import { z } from 'zod';
import { stored } from '#src/wire/text.ts';
import { isoDate, issueCategorySchema } from '#src/wire/directory.ts';

/** Settings a network agrees for all its members. */
export const networkSettingsSchema = z.object({
  /** Working days the receiver has to acknowledge a referral. */
  acknowledgeDays: z.int().min(1).max(30),
  /** Further working days, after acknowledging, to act on it. */
  actDays: z.int().min(1).max(60),
  /** Extra days the network is closed (one-off holidays, office closures). */
  closures: z.array(isoDate).max(1000),
  /**
   * Working days past its deadline after which a referral nobody answered
   * closes itself as "no response", so no referral stays in limbo. Absent:
   * the default below.
   */
  noResponseDays: z.int().min(1).max(60).optional(),
  /** Leads and coordinators must sign in with a two-factor code (issue #6). */
  requireTwoFactor: z.boolean().optional(),
  /** Months after which a service's record is due for review by its lead (#4); absent: 12. */
  reviewMonths: z.int().min(1).max(60).optional(),
  /** Organisation leads may post bulletins too, not only the coordinator (#4). */
  leadsMayPostBulletins: z.boolean().optional(),
  /** Issue categories the coordinator added to the standard list (#4). */
  issueCategories: z.array(issueCategorySchema).max(200).optional(),
});
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = {
  acknowledgeDays: 3,
  actDays: 5,
  closures: [],
};

export const networkSchema = z.object({
  id: z.uuid(),
  name: stored().min(1).max(200),
  settings: networkSettingsSchema,
});
export type Network = z.infer<typeof networkSchema>;
