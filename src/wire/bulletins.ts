import { z } from 'zod';
import { line, stored, text } from '#src/wire/text.ts';
import { isoDateTime } from '#src/wire/directory.ts';

/**
 * Bulletins (#4): news for every desk in the network ("a new service", "a
 * change of hours"), posted by the coordinator, or by leads where the network
 * allows it. Never about a client.
 */

export const bulletinInputSchema = z.object({
  title: line(200).min(1, 'Give the news a title'),
  body: text(5000).min(1, 'Write the news'),
});
export type BulletinInput = z.input<typeof bulletinInputSchema>;

export const bulletinSchema = z.object({
  id: z.uuid(),
  title: stored(),
  body: stored(),
  authorName: stored(),
  /** The author's agency; null for the network's coordinator. */
  organisationName: stored().nullable(),
  postedAt: isoDateTime,
});
export type Bulletin = z.infer<typeof bulletinSchema>;
export const bulletinsResponseSchema = z.object({ bulletins: z.array(bulletinSchema) });

/** The directory's network settings a coordinator changes on the desk (#4). */
export const directorySettingsSchema = z.object({
  reviewMonths: z
    .int('Enter a whole number of months')
    .min(1, 'At least 1 month')
    .max(60, 'At most 60 months'),
  leadsMayPostBulletins: z.boolean(),
});
export type DirectorySettings = z.infer<typeof directorySettingsSchema>;

/** Who may post: the coordinator always; a lead when the network allows it. */
export const mayPostBulletins = (
  role: string,
  settings: { leadsMayPostBulletins?: boolean | undefined },
): boolean =>
  role === 'coordinator' || (role === 'lead' && settings.leadsMayPostBulletins === true);
