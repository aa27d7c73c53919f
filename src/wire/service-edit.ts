import { z } from 'zod';
import { issueCodeSchema, type Service } from '#src/wire/directory.ts';
import { line, text } from '#src/wire/text.ts';

/**
 * A service's details as its lead (or a coordinator) edits them on the desk
 * (#4): the fields people ask about. HSDS 3 names where the standard has one.
 * The same schema checks the desk's form and the server's command.
 */
const optionalLine = (max: number) =>
  line(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

const AREA = /^[A-Z]{1,2}([0-9][A-Z0-9]?)?$/;

export const serviceEditSchema = z
  .object({
    name: line(200).min(1, 'Enter the service’s name'),
    description: text(5000).min(1, 'Say what the service does'),
    issues: z.array(issueCodeSchema).min(1, 'Choose at least one issue').max(30),
    /** Postcode districts (NR1) or areas (NR) served; empty = anywhere in the network. */
    areas: z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(AREA, 'Write each area as a postcode district such as NR1, or an area such as NR'),
      )
      .max(500),
    email: z
      .union([z.literal(''), z.email('Enter an email address like team@example.org').max(320)])
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    phone: optionalLine(40),
    accepts_self_referral: z.boolean(),
    eligibility_description: text(2000),
    minimum_age: z.int('Enter an age in whole years').min(0).max(130).nullable(),
    maximum_age: z.int('Enter an age in whole years').min(0).max(130).nullable(),
    other_criteria: z.array(line(300).min(1)).max(20),
    application_process: text(2000),
    referral_requirements: text(2000),
    fees_description: line(500),
    languages: z.array(line(100).min(1)).max(50),
    /** Opening times in words; null leaves the structured times already held as they are. */
    opening_times: text(500).nullable(),
    contact: z.object({
      name: optionalLine(200),
      phone: optionalLine(40),
      email: z
        .union([z.literal(''), z.email('Enter an email address like name@example.org').max(320)])
        .transform((s) => (s === '' ? null : s))
        .nullable(),
    }),
  })
  .refine(
    (s) => s.minimum_age === null || s.maximum_age === null || s.minimum_age <= s.maximum_age,
    { message: 'The youngest age must not be above the oldest', path: ['maximum_age'] },
  );
export type ServiceEdit = z.output<typeof serviceEditSchema>;
export type ServiceEditInput = z.input<typeof serviceEditSchema>;

/** Opening times in words, from HSDS schedules ("MO,TU 09:00–17:00; Sat mornings"). */
export const openingTimesOf = (service: Pick<Service, 'schedules'>): string =>
  service.schedules
    .map((s) =>
      [
        s.byday,
        s.opens_at && s.closes_at ? `${s.opens_at.slice(0, 5)}–${s.closes_at.slice(0, 5)}` : '',
        s.description,
      ]
        .filter((x) => x !== '')
        .join(' '),
    )
    .filter((x) => x !== '')
    .join('; ');

/** The edit form's starting values for a service. */
export const editOf = (s: Service): ServiceEditInput => ({
  name: s.name,
  description: s.description,
  issues: s.issues,
  areas: s.areas,
  email: s.email ?? '',
  phone: s.phone ?? '',
  accepts_self_referral: s.accepts_self_referral,
  eligibility_description: s.eligibility_description,
  minimum_age: s.minimum_age,
  maximum_age: s.maximum_age,
  other_criteria: s.eligibility.other_criteria,
  application_process: s.application_process,
  referral_requirements: s.referral_requirements,
  fees_description: s.fees_description,
  languages: s.languages.map((l) => l.name),
  opening_times: null,
  contact: {
    name: s.contacts[0]?.name ?? '',
    phone: s.contacts[0]?.phone ?? '',
    email: s.contacts[0]?.email ?? '',
  },
});

/**
 * Applies an edit to a service record, stamping it as reviewed today:
 * fields the form does not show (locations, required documents, language
 * codes for unchanged names, further contacts) are kept.
 */
export const applyEdit = (s: Service, e: ServiceEdit, today: string): Service => ({
  ...s,
  name: e.name,
  description: e.description,
  issues: [...new Set(e.issues)],
  areas: [...new Set(e.areas)],
  email: e.email,
  phone: e.phone,
  accepts_self_referral: e.accepts_self_referral,
  eligibility_description: e.eligibility_description,
  minimum_age: e.minimum_age,
  maximum_age: e.maximum_age,
  eligibility: { ...s.eligibility, other_criteria: e.other_criteria },
  application_process: e.application_process,
  referral_requirements: e.referral_requirements,
  fees_description: e.fees_description,
  languages: e.languages.map(
    (name) => s.languages.find((l) => l.name === name) ?? { name, code: null },
  ),
  schedules:
    e.opening_times === null
      ? s.schedules
      : e.opening_times === ''
        ? []
        : [{ byday: '', opens_at: null, closes_at: null, description: e.opening_times }],
  contacts: [{ ...(s.contacts[0] ?? { title: null }), ...e.contact }, ...s.contacts.slice(1)],
  assured_date: today,
});

/** Directory commands that keep the record true (#4), carried by the outbox. */
export const serviceUpdateCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('service.update'),
  serviceId: z.uuid(),
  edit: serviceEditSchema,
});
export const serviceReviewCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('service.confirmReview'),
  serviceId: z.uuid(),
});
export const serviceCreateCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('service.create'),
  serviceId: z.uuid(),
  organisationId: z.uuid(),
  edit: serviceEditSchema,
});
export type ServiceUpdateCommand = z.infer<typeof serviceUpdateCommandSchema>;
export type ServiceReviewCommand = z.infer<typeof serviceReviewCommandSchema>;
export type ServiceCreateCommand = z.infer<typeof serviceCreateCommandSchema>;

/** When a service's record is due to be checked again: never reviewed, or too long ago. */
export const DEFAULT_REVIEW_MONTHS = 12;
export const reviewDue = (assured: string | null, today: string, months: number): boolean => {
  if (assured === null) return true;
  const [y, m, d] = today.split('-').map(Number);
  const back = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 - months, d ?? 1));
  return assured <= back.toISOString().slice(0, 10);
};
