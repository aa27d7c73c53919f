import { z } from 'zod';
import { line, link, stored, text } from '#src/wire/text.ts';
import { nationSchema } from '#src/wire/directory.ts';

/**
 * An agency's own details as its lead keeps them (#4): HSDS 3 organization
 * field names. The same schema checks the desk's form and the server.
 */
const optional = (schema: z.ZodType<string>) =>
  z
    .union([z.literal(''), schema])
    .transform((s) => (s === '' ? null : s))
    .nullable();

export const organisationDetailsSchema = z.object({
  description: text(2000).default(''),
  website: optional(link(500, 'Enter a web address starting with https://')).default(null),
  email: optional(z.email('Enter an email address like info@example.org').max(320)).default(null),
  phone: optional(line(40)).default(null),
});
export type OrganisationDetails = z.infer<typeof organisationDetailsSchema>;

export const organisationEditSchema = organisationDetailsSchema.extend({
  name: line(200).min(1, 'Enter the agency’s name'),
});
export type OrganisationEditInput = z.input<typeof organisationEditSchema>;

export const organisationViewSchema = organisationDetailsSchema.extend({
  id: z.uuid(),
  name: stored(),
  nation: nationSchema,
});
export type OrganisationView = z.infer<typeof organisationViewSchema>;
