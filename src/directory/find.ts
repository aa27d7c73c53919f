import { z } from 'zod';
import { postcodeDistrict } from '#src/postcode.ts';
import { issueCodeSchema } from '#src/wire/directory.ts';
import { OLDEST_AGE } from '#src/contact-fields.ts';
import { line } from '#src/wire/text.ts';

export const AREA_WORDS =
  'Enter a postcode district such as NR1, or a whole postcode. To find a place by name, type it in the search box.';

/** The desk's directory search: free text plus filters, optionally for one client. */
export const directoryFindSchema = z.object({
  text: line(200, 'Keep your search to 200 characters or fewer'),
  issue: issueCodeSchema.nullable(),
  /** A postcode district ("NR1"), a whole postcode (its district is used) or an area ("NR"); empty = anywhere. */
  area: line(20, AREA_WORDS)
    .toUpperCase()
    .transform((s) => (s === '' ? null : (postcodeDistrict(s) ?? s)))
    .pipe(
      z
        .string()
        .regex(/^[A-Z]{1,2}([0-9][A-Z0-9]?)?$/, AREA_WORDS)
        .nullable(),
    )
    .nullable(),
  age: z
    .int('Enter an age in whole years')
    .min(0)
    .max(OLDEST_AGE, `Enter an age of ${String(OLDEST_AGE)} or under`)
    .nullable(),
  receivingNow: z.boolean(),
  selfReferral: z.boolean(),
  /** Match against this client's age, postcode and issues, and show why they may be excluded. */
  clientId: z.uuid().nullable(),
  /** The issues the client needs help with, for ranking. */
  clientIssues: z.array(issueCodeSchema).max(30).default([]),
});
export type DirectoryFind = z.input<typeof directoryFindSchema>;

/**
 * An age as typed in the search: blank is no filter (null); anything but
 * whole years is NaN, which the schema refuses with words. (NaN, not null:
 * a filter that is not valid must never widen the search to everyone.)
 */
export const ageFromText = (typed: string): number | null => {
  const t = typed.trim();
  if (t === '') return null;
  return /^\d{1,3}$/.test(t) ? Number(t) : Number.NaN;
};
