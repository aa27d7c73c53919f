import { z } from 'zod';
import { postcodeDistrict } from '#src/postcode.ts';
import { issueCodeSchema } from '#src/wire/directory.ts';
import { line } from '#src/wire/text.ts';

/** The desk's directory search: free text plus filters, optionally for one client. */
export const directoryFindSchema = z.object({
  text: line(200),
  issue: issueCodeSchema.nullable(),
  /** A postcode district ("NR1"), a whole postcode (its district is used) or an area ("NR"); empty = anywhere. */
  area: line(8).toUpperCase()
    .transform((s) => (s === '' ? null : (postcodeDistrict(s) ?? s)))
    .pipe(
      z
        .string()
        .regex(/^[A-Z]{1,2}([0-9][A-Z0-9]?)?$/, 'Enter a postcode district such as NR1')
        .nullable(),
    )
    .nullable(),
  age: z.int('Enter an age in whole years').min(0).max(130).nullable(),
  receivingNow: z.boolean(),
  selfReferral: z.boolean(),
  /** Match against this client's age, postcode and issues, and show why they may be excluded. */
  clientId: z.uuid().nullable(),
  /** The issues the client needs help with, for ranking. */
  clientIssues: z.array(issueCodeSchema).max(30).default([]),
});
export type DirectoryFind = z.input<typeof directoryFindSchema>;
