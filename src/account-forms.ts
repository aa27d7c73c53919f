import { z } from 'zod';
import { INVITATION_CODE, MIN_PASSWORD_LENGTH } from '#src/wire/accounts.ts';
import { day } from '#src/wire/dates.ts';
import { line, secret } from '#src/wire/text.ts';

export type {
  Account,
  AgreementsStatus,
  AuditEntryView,
  Device,
  OrganisationSummary,
  TwoFactorStart,
} from '#src/wire/accounts.ts';

/**
 * The desk's account forms (#6), validated with these schemas in the
 * renderer and again in main. Messages are written for the person at the
 * keyboard.
 */
export const acceptInvitationRequestSchema = z.object({
  serverUrl: line(500).min(1, 'Enter the network address'),
  email: z.email('Enter the email address the invitation was sent to').max(320),
  code: z
    .string()
    .trim()
    .regex(
      INVITATION_CODE,
      'Enter the code exactly as it was given to you: four groups of five letters and numbers',
    ),
  password: secret(200, 'Choose a shorter password (200 characters at most)').min(
    MIN_PASSWORD_LENGTH,
    `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`,
  ),
});
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequestSchema>;

/** Choosing one's own password in place of the admin tool's one-time password (#6). */
export const changeOneTimePasswordRequestSchema = z.object({
  serverUrl: line(500).min(1, 'Enter the network address'),
  email: z.email('Enter the email address you sign in with').max(320),
  password: secret(1000).min(1, 'Enter the one-time password you were given'),
  newPassword: secret(200, 'Choose a shorter password (200 characters at most)').min(
    MIN_PASSWORD_LENGTH,
    `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`,
  ),
  allowInsecure: z.boolean().optional(),
});

export const inviteStaffRequestSchema = z.object({
  email: z.email('Enter their work email address').max(320),
  name: line(200).min(1, 'Enter their name'),
});
export type InviteStaffRequest = z.infer<typeof inviteStaffRequestSchema>;

export const twoFactorCodeRequestSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the six digits your authenticator app shows'),
});

/** Turning two-factor sign-in off takes the password and a current code (#6). */
export const twoFactorDisableRequestSchema = twoFactorCodeRequestSchema.extend({
  password: secret(1000).min(1, 'Enter your password'),
});

/** A coordinator invites the lead of an agency joining the network (the agency is made with it). */
export const inviteLeadRequestSchema = z.object({
  organisationName: line(200).min(1, 'Enter the agency’s name'),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland'], 'Choose where it works'),
  name: line(200).min(1, 'Enter the lead’s name'),
  email: z.email('Enter the lead’s work email address').max(320),
});
export type InviteLeadRequest = z.infer<typeof inviteLeadRequestSchema>;

/** An invitation as the inviter sees it: the code to pass on, and whether it was emailed. */
export type InvitationMade = { code: string; expiresAt: string; emailed: boolean };

/** Searching the audit log from the desk: every field optional; dates are whole days. */
export const auditSearchSchema = z.object({
  action: line(60).optional(),
  entityId: line(60).optional(),
  userId: z.uuid('Choose a person from the list').optional(),
  from: day().optional(),
  to: day().optional(),
  before: z.int().min(1).optional(),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;
