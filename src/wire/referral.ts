import { z } from 'zod';
import { DECLINE_REASONS, REFERRAL_STATUSES } from '#src/referral/lifecycle.ts';
import { ELIGIBILITY_RULES, isoDate, isoDateTime, issueCodeSchema } from '#src/wire/directory.ts';
import { line, storedJson, stored, text } from '#src/wire/text.ts';

/**
 * A referral on the wire. Personal data about the client lives only in
 * `payload`; everything else is routing metadata that reports may use
 * (DESIGN.md, "Sync protocol"). Keep it that way: it is what lets payloads be
 * encrypted end to end later.
 */

export const PREFERRED_CONTACT = ['phone', 'email', 'letter', 'text-message', 'in-person'] as const;

/** The client's details as shared with the receiving agency. */
export const sharedClientSchema = z.object({
  name: line(200).min(1),
  dateOfBirth: isoDate.nullable(),
  phone: line(40).nullable(),
  email: z.email().max(320).nullable(),
  address: text(500).nullable(),
  postcode: line(10).nullable(),
  preferredContact: z.enum(PREFERRED_CONTACT).nullable(),
});
export type SharedClient = z.infer<typeof sharedClientSchema>;

/** The fields of a client a referral can share; consent names which. */
export const SHAREABLE_FIELDS = [
  'name',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'postcode',
  'preferredContact',
] as const;
export type ShareableField = (typeof SHAREABLE_FIELDS)[number];

export const payloadSchema = z.object({
  client: sharedClientSchema,
  /** What the client needs help with, in the referrer's words. */
  needs: text(5000).min(1),
});
export type ReferralPayload = z.infer<typeof payloadSchema>;

export const CONSENT_METHODS = ['in-person', 'phone', 'written', 'online'] as const;

/** UK GDPR: who consented, when, how, and what was shared. */
export const consentSchema = z.object({
  givenBy: z.enum(['client', 'representative']),
  representativeName: line(200).nullable(),
  method: z.enum(CONSENT_METHODS),
  at: isoDateTime,
  recordedBy: line(200).min(1),
  shared: z.array(z.enum(SHAREABLE_FIELDS)).min(1),
});
export type Consent = z.infer<typeof consentSchema>;

export const actorSchema = z.object({
  userId: z.uuid().nullable(),
  name: stored(),
  organisationId: z.uuid().nullable(),
  organisationName: stored(),
});
export type Actor = z.infer<typeof actorSchema>;

export const REFERRAL_EVENT_TYPES = [
  'sent',
  'acknowledged',
  'accepted',
  'declined',
  'unable-to-contact',
  'contact-recorded',
  'closed',
  'withdrawn',
  'expired',
  'note',
  // Who at the receiving agency holds the referral (#3): not a change of status.
  'claimed',
  'assigned',
  // A document attached with the client's consent (#3); the bytes are fetched apart.
  'document-attached',
  // The client's details were erased at their request (#5): no words, just the fact.
  'erased',
] as const;

export const referralEventSchema = z.object({
  id: z.uuid(),
  type: z.enum(REFERRAL_EVENT_TYPES),
  at: isoDateTime,
  actor: actorSchema,
  /** Event details: a decline reason, an outcome, a note's text. */
  data: z.record(stored(), storedJson),
});
export type ReferralEvent = z.infer<typeof referralEventSchema>;

/**
 * A referral sent although the client does not meet the service's rules: the
 * rules that exclude them and the referrer's reason for sending anyway (#4).
 * Routing metadata, shown to the receiver: the reason must not name the client.
 */
export const eligibilityOverrideSchema = z.object({
  rules: z.array(z.enum(ELIGIBILITY_RULES)).min(1).max(ELIGIBILITY_RULES.length),
  reason: text(1000).min(1),
});
export type EligibilityOverride = z.infer<typeof eligibilityOverrideSchema>;

export const referralSchema = z.object({
  id: z.uuid(),
  status: z.enum(REFERRAL_STATUSES),
  /** The sending organisation; null for a self-referral from the public directory. */
  from: z.object({ organisationId: z.uuid().nullable(), organisationName: stored() }),
  to: z.object({
    organisationId: z.uuid(),
    organisationName: stored(),
    serviceId: z.uuid(),
    serviceName: stored(),
  }),
  issues: z.array(issueCodeSchema),
  postcodeDistrict: stored().nullable(),
  urgent: z.boolean(),
  /** Optional so that views stored before they existed still read. */
  urgentReason: stored().nullable().optional(),
  /** The earlier referral of the same client this one was sent on from, after a decline. */
  redirectedFrom: z.uuid().nullable().optional(),
  /** Sent to a service whose rules exclude the client, and why (#4). */
  eligibilityOverride: eligibilityOverrideSchema.nullable().optional(),
  sentAt: isoDateTime,
  /** Working-day deadlines as calendar dates (due by the end of that day). */
  acknowledgeBy: isoDate,
  actBy: isoDate.nullable(),
  payload: payloadSchema,
  consent: consentSchema,
  events: z.array(referralEventSchema),
});
export type Referral = z.infer<typeof referralSchema>;

export const declineReasonSchema = z.enum(DECLINE_REASONS);
