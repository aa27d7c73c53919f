import { z } from 'zod';

/**
 * An agency's settings for its desks (#5), set by its lead and sent to each
 * desk with who is signed in (`GET /me`).
 */
export const AUTO_LOCK_MINUTES = { min: 1, max: 60, default: 10 } as const;

export const autoLockMinutesSchema = z
  .int('Enter a whole number of minutes')
  .min(AUTO_LOCK_MINUTES.min, `Enter at least ${AUTO_LOCK_MINUTES.min} minute`)
  .max(AUTO_LOCK_MINUTES.max, `Enter at most ${AUTO_LOCK_MINUTES.max} minutes`);

export const deskSettingsSchema = z.object({
  /** Minutes without keyboard or pointer use before the desk locks itself. */
  autoLockMinutes: autoLockMinutesSchema,
});
export type DeskSettings = z.infer<typeof deskSettingsSchema>;

/** `POST /api/v1/organisation/desk-settings`: the lead changes them (204). */
export const DESK_SETTINGS_PATH = '/organisation/desk-settings';
export const setDeskSettingsSchema = deskSettingsSchema;
