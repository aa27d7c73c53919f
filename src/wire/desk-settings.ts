import { z } from 'zod';

/**
 * An agency's settings for its desks (#5), set by its lead and sent to each
 * desk with who is signed in (`GET /me`).
 */
export const AUTO_LOCK_MINUTES = { min: 1, max: 60, default: 10 } as const;
export const RETENTION_YEARS = { min: 1, max: 100 } as const;

export const autoLockMinutesSchema = z
  .int('Enter a whole number of minutes')
  .min(AUTO_LOCK_MINUTES.min, `Enter at least ${AUTO_LOCK_MINUTES.min} minute`)
  .max(AUTO_LOCK_MINUTES.max, `Enter at most ${AUTO_LOCK_MINUTES.max} minutes`);

export const retentionYearsSchema = z
  .int('Enter a whole number of years')
  .min(RETENTION_YEARS.min, `Enter at least ${RETENTION_YEARS.min} year`)
  .max(RETENTION_YEARS.max, `Enter at most ${RETENTION_YEARS.max} years`);

export const deskSettingsSchema = z.object({
  /** Minutes without keyboard or pointer use before the desk locks itself. */
  autoLockMinutes: autoLockMinutesSchema,
  /**
   * Cases closed more than this many years ago are anonymised by the desks,
   * after being listed for a notice period; null: no rule. (A default keeps
   * answers from servers older than the rule readable.)
   */
  retentionYears: retentionYearsSchema.nullable().default(null),
});
export type DeskSettings = z.infer<typeof deskSettingsSchema>;

/** `POST /api/v1/organisation/desk-settings`: the lead changes one or both (204). */
export const DESK_SETTINGS_PATH = '/organisation/desk-settings';
export const updateDeskSettingsSchema = z
  .object({
    autoLockMinutes: autoLockMinutesSchema.optional(),
    retentionYears: retentionYearsSchema.nullable().optional(),
  })
  .refine((s) => s.autoLockMinutes !== undefined || s.retentionYears !== undefined, {
    message: 'Nothing to change',
  });

/** The desk's request to change the auto-lock minutes. */
export const setDeskSettingsSchema = z.object({ autoLockMinutes: autoLockMinutesSchema });
/** The desk's request to change (or turn off, null) the retention rule. */
export const setRetentionSchema = z.object({ retentionYears: retentionYearsSchema.nullable() });
