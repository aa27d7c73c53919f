import { z } from 'zod';
import { NATIONS } from '#src/nations.ts';
import { CUSTOM_CODE_TAIL, ISSUE_CODES } from '#src/taxonomy.ts';
import { day, instant } from '#src/wire/dates.ts';
import { line, stored, text } from '#src/wire/text.ts';

/**
 * The directory as it travels between server and client. Field names follow
 * Open Referral HSDS 3 where a field exists there (organization_id, name,
 * description, email, url); Handover's own fields (receiving, issues) are
 * additions. The full HSDS mapping comes with the directory work.
 */
export const nationSchema = z.enum(NATIONS);

export const isoDate = day();
export const isoDateTime = instant({ offset: true });

/** A category of the standard list, or one the network added (#4: "x-…"). */
export const customIssueCodeSchema = z
  .templateLiteral(['x-', z.string().regex(CUSTOM_CODE_TAIL)])
  // The pattern alone does not bound the length.
  .refine((code) => code.length <= 42, 'at most 40 characters after x-');
export const issueCodeSchema = z.union([z.enum(ISSUE_CODES), customIssueCodeSchema]);
export const issueCategorySchema = z.object({
  code: customIssueCodeSchema,
  label: line(100).min(1),
});

export const receivingSchema = z.object({
  state: z.enum(['receiving', 'paused', 'not-receiving']),
  /** For `paused`: the date it resumes by itself. */
  until: isoDate.nullable(),
  reason: stored().max(500).nullable(),
});
export type Receiving = z.infer<typeof receivingSchema>;

export const organisationSchema = z.object({
  id: z.uuid(),
  name: stored().min(1).max(200),
  nation: nationSchema,
});
export type Organisation = z.infer<typeof organisationSchema>;

/** How much room a service has now (HSDS 3.1 `service_capacity`, in words a lead chooses). */
export const CAPACITY_STATUSES = [
  'capacity',
  'waitlist',
  'no-capacity',
  'assessment-needed',
] as const;
export const capacitySchema = z.object({
  status: z.enum(CAPACITY_STATUSES),
  /** Places free now, when the lead counts them. */
  places: z.int().min(0).max(100_000).nullable(),
});
export type Capacity = z.infer<typeof capacitySchema>;

/** HSDS 3 `language`: a language the service is offered in. */
export const languageSchema = z.object({
  name: line(100).min(1),
  /** ISO 639 code, e.g. "cy" for Welsh, when known. */
  code: line(10).nullable().default(null),
});
/** HSDS 3 `schedule`, the weekly-opening subset: "MO,TU" 09:00–17:00. */
export const scheduleSchema = z.object({
  byday: line(40).default(''),
  opens_at: z.iso.time().nullable().default(null),
  closes_at: z.iso.time().nullable().default(null),
  description: text(500).default(''),
});
/** HSDS 3 `contact`, with its first `phone` flattened: the named contact point. */
export const contactSchema = z.object({
  name: line(200).nullable().default(null),
  title: line(200).nullable().default(null),
  email: line(320).nullable().default(null),
  phone: line(40).nullable().default(null),
});
/** HSDS 3 `location` with its physical `address`. */
export const locationSchema = z.object({
  name: line(200).nullable().default(null),
  address_1: line(200).default(''),
  city: line(100).default(''),
  postal_code: line(10).default(''),
});
/** HSDS 3 `service_area`: a named area served (a local authority, a ward). */
export const serviceAreaSchema = z.object({
  name: line(200).min(1),
  description: line(500).nullable().default(null),
});
/** HSDS 3 `required_document`. */
export const requiredDocumentSchema = z.object({ document: line(300).min(1) });

/**
 * Handover's structured eligibility rules, beside HSDS's `minimum_age`,
 * `maximum_age` and `eligibility_description`. Empty lists mean "anyone";
 * the postcode districts served are the service's `areas`.
 */
export const eligibilityRulesSchema = z.object({
  /** Local authorities served (matched against a client's, when known). */
  local_authorities: z.array(line(100).min(1)).max(50).default([]),
  /** Only referrals from these organisations; empty = from any organisation. */
  referring_organization_ids: z.array(z.uuid()).max(200).default([]),
  /** Other criteria, in words, for the adviser to check with the client. */
  other_criteria: z.array(line(300).min(1)).max(20).default([]),
});
export type EligibilityRules = z.infer<typeof eligibilityRulesSchema>;

/** The rules a desk (and the server) can check against a client: each can exclude them. */
export const ELIGIBILITY_RULES = ['age', 'area', 'referrer'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/**
 * The parts of a service record beyond the routing essentials: HSDS 3 field
 * names where the standard has one, Handover's own otherwise. All optional on
 * input, so older records and callers keep working.
 */
export const serviceDetailsShape = {
  alternate_name: line(200).nullable().default(null),
  url: line(500).nullable().default(null),
  eligibility_description: text(2000).default(''),
  minimum_age: z.int().min(0).max(130).nullable().default(null),
  maximum_age: z.int().min(0).max(130).nullable().default(null),
  eligibility: eligibilityRulesSchema.default({
    local_authorities: [],
    referring_organization_ids: [],
    other_criteria: [],
  }),
  /** HSDS `application_process`: how to refer, or how to get the service. */
  application_process: text(2000).default(''),
  /** What the receiving team needs in a referral (Handover). */
  referral_requirements: text(2000).default(''),
  /** HSDS `fees_description`: the cost, in words ("Free"). */
  fees_description: line(500).default(''),
  languages: z.array(languageSchema).max(50).default([]),
  schedules: z.array(scheduleSchema).max(30).default([]),
  service_areas: z.array(serviceAreaSchema).max(100).default([]),
  contacts: z.array(contactSchema).max(20).default([]),
  locations: z.array(locationSchema).max(20).default([]),
  required_documents: z.array(requiredDocumentSchema).max(20).default([]),
  /** HSDS `assured_date`: when the record was last checked (reviewed). */
  assured_date: isoDate.nullable().default(null),
};
export const serviceDetailsSchema = z.object(serviceDetailsShape);
export type ServiceDetails = z.infer<typeof serviceDetailsSchema>;

export const serviceSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  organization_name: stored(),
  name: stored().min(1).max(200),
  description: stored().max(5000),
  issues: z.array(issueCodeSchema).max(30),
  /** Postcode districts served; empty = anywhere in the network. */
  areas: z.array(stored().max(10)).max(500),
  email: stored().max(320).nullable(),
  phone: stored().max(40).nullable(),
  accepts_self_referral: z.boolean(),
  receiving: receivingSchema,
  capacity: capacitySchema.default({ status: 'capacity', places: null }),
  ...serviceDetailsShape,
  updated_at: isoDateTime,
});
export type Service = z.infer<typeof serviceSchema>;

/** Receiving as a lead sets it: a pause needs the date it ends. */
export const receivingChangeSchema = receivingSchema
  .extend({ reason: text(500).nullable() })
  .refine((r) => r.state !== 'paused' || r.until !== null, {
    message: 'Choose the date the service starts taking referrals again',
    path: ['until'],
  });

/**
 * Directory commands a desk sends from its outbox, beside the referral
 * commands (`commands.ts`); the server applies each at most once.
 */
export const serviceCommandSchema = z.object({
  mutationId: z.uuid(),
  type: z.literal('service.setReceiving'),
  serviceId: z.uuid(),
  receiving: receivingChangeSchema,
  capacity: capacitySchema,
});
export type ServiceCommand = z.infer<typeof serviceCommandSchema>;
