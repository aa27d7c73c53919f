import { z } from 'zod';
import { stored, text } from '#src/wire/text.ts';
import {
  consentSchema,
  declineReasonSchema,
  eligibilityOverrideSchema,
  payloadSchema,
} from '#src/wire/referral.ts';
import { issueCodeSchema, serviceCommandSchema } from '#src/wire/directory.ts';
import { gapCommandSchema, signpostCommandSchema } from '#src/wire/provision.ts';
import {
  serviceCreateCommandSchema,
  serviceReviewCommandSchema,
  serviceUpdateCommandSchema,
} from '#src/wire/service-edit.ts';

/**
 * Commands a client sends from its outbox (DESIGN.md, "Sync protocol"). Each
 * carries a mutation id made by the client; the server applies each at most
 * once and answers applied or rejected-with-reason.
 */
const base = { mutationId: z.uuid(), referralId: z.uuid() };
const reasonText = text(2000);

/** "Other" is no reason at all without words: the referrer must learn why. */
export const declineExplained = (d: { reason: string; text: string }): boolean =>
  d.reason !== 'other' || d.text.length > 0;
export const DECLINE_TEXT_NEEDED = {
  message: 'Say why the referral is declined',
  path: ['text'],
};

export const commandSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('referral.send'),
    serviceId: z.uuid(),
    issues: z.array(issueCodeSchema).min(1).max(30),
    urgent: z.boolean(),
    /**
     * Routing metadata for the network's reports (demand by area): the
     * outward code of the client's postcode, sent even when the full postcode
     * is not shared. The consent screen says so.
     */
    postcodeDistrict: z
      .string()
      .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'a postcode district such as NR1')
      .nullable()
      .optional(),
    payload: payloadSchema,
    consent: consentSchema,
    /** Why it is urgent, in the referrer's words (routing metadata: no personal data). */
    urgentReason: reasonText.min(1).nullable().optional(),
    /** The declined (or unanswered) referral this one sends the client on from. */
    redirectedFrom: z.uuid().nullable().optional(),
    /** The service's rules exclude the client; the referrer says why it is sent anyway (#4). */
    eligibilityOverride: eligibilityOverrideSchema.nullable().optional(),
  }),
  z.object({ ...base, type: z.literal('referral.acknowledge') }),
  z.object({ ...base, type: z.literal('referral.accept') }),
  z
    .object({
      ...base,
      type: z.literal('referral.decline'),
      reason: declineReasonSchema,
      text: reasonText,
    })
    .refine(declineExplained, DECLINE_TEXT_NEEDED),
  z.object({ ...base, type: z.literal('referral.unable-to-contact'), text: reasonText }),
  z.object({ ...base, type: z.literal('referral.record-contact') }),
  z.object({ ...base, type: z.literal('referral.close'), outcome: reasonText.min(1) }),
  z.object({ ...base, type: z.literal('referral.withdraw'), text: reasonText.min(1) }),
  // The receiving agency's inbox (#3): who holds the referral. Not a change of status.
  z.object({ ...base, type: z.literal('referral.claim') }),
  /**
   * The client asked one of the two agencies to erase their details (#5):
   * the network's copy of this referral loses everything about the person,
   * and the other agency is told. Either side, in any status; once is enough.
   */
  z.object({ ...base, type: z.literal('referral.erase') }),
  z.object({ ...base, type: z.literal('referral.assign'), userId: z.uuid() }),
  z.object({
    ...base,
    type: z.literal('referral.note'),
    noteId: z.uuid(),
    text: text(5000).min(1),
  }),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];

export const MAX_COMMANDS_PER_REQUEST = 100;

/** Anything a desk's outbox carries: referral commands and directory commands. */
export const outboxCommandSchema = z.discriminatedUnion('type', [
  commandSchema,
  serviceCommandSchema,
  gapCommandSchema,
  signpostCommandSchema,
  serviceUpdateCommandSchema,
  serviceReviewCommandSchema,
  serviceCreateCommandSchema,
]);
export type OutboxCommand = z.infer<typeof outboxCommandSchema>;

export const commandBatchSchema = z.object({
  commands: z.array(outboxCommandSchema).min(1).max(MAX_COMMANDS_PER_REQUEST),
});

/** Why the server refused a command. Mapped to words in `reasons.ts`. */
export const COMMAND_REJECTIONS = [
  'not-found',
  'forbidden',
  'not-allowed-now',
  'service-not-receiving',
  'own-organisation',
  'conflict',
  // The user agreement, or an agency's data-sharing agreement, is not accepted yet (issue #6).
  'agreement-needed',
  // The service's rules exclude the client and no reason was given for referring anyway (#4).
  'not-eligible',
  // A colleague holds the referral already: claimed first, the server decided (#3).
  'already-held',
  // Assigned to someone who is not an active adviser or lead of the receiving agency (#3).
  'not-a-colleague',
] as const;
export type CommandRejection = (typeof COMMAND_REJECTIONS)[number];

export const commandResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.uuid(), status: z.literal('applied') }),
  z.object({
    mutationId: z.uuid(),
    status: z.literal('rejected'),
    reason: z.enum(COMMAND_REJECTIONS),
    /** The referral's status when refused, so a race can be explained on screen. */
    currentStatus: stored().nullable(),
  }),
]);
export type CommandResult = z.infer<typeof commandResultSchema>;

export const commandResultsSchema = z.object({ results: z.array(commandResultSchema) });
