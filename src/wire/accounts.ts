import { z } from 'zod';
import { roleSchema } from '#src/wire/api.ts';
import { provisionFiguresSchema } from '#src/wire/provision.ts';
import { instant } from '#src/wire/dates.ts';
import { line, secret, stored } from '#src/wire/text.ts';

/**
 * Accounts, invitations, devices and figures on the sync server's API
 * (issue #6). Bodies shared by the server and the desk.
 */

/** Referral counts by status: metadata only, never a client's details. */
export const figuresSchema = z.object({
  scope: z.enum(['agency', 'network']),
  sent: z.record(stored(), z.int()),
  received: z.record(stored(), z.int()),
  total: z.int(),
  /** Signposting beside referrals, and gaps in provision by issue and area (#4). */
  provision: provisionFiguresSchema.optional(),
});
export type Figures = z.infer<typeof figuresSchema>;

/** Passwords: length over complexity (NCSC, NIST 800-63B). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** One-time invitation codes: 20 characters in groups of five, easy to read out. */
export const INVITATION_CODE = /^[A-Za-z0-9]{5}(-?[A-Za-z0-9]{5}){3}$/;
export const invitationCodeSchema = z
  .string()
  .trim()
  .regex(INVITATION_CODE, 'an invitation code such as ABCDE-FGHJK-…');

export const inviteRequestSchema = z.object({
  email: z.email().max(320),
  name: line(200).min(1),
  role: roleSchema,
  /** A new agency's name, when a coordinator invites its lead. */
  organisationName: line(200).min(1).optional(),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']).optional(),
});
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

export const invitationSchema = z.object({
  id: z.uuid(),
  email: stored(),
  name: stored(),
  role: roleSchema,
  organisationId: z.uuid().nullable(),
  purpose: z.enum(['join', 'reset']),
  expiresAt: stored(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** Given to the inviter once: the code is stored only as a hash. */
export const inviteResponseSchema = z.object({
  invitation: invitationSchema,
  code: stored(),
  /** The invitation was emailed to the invitee (the server has SMTP set up). */
  emailed: z.boolean().optional(),
});
export type InviteResponse = z.infer<typeof inviteResponseSchema>;

export const acceptInvitationSchema = z.object({
  email: z.email().max(320),
  code: invitationCodeSchema,
  password: secret(MAX_PASSWORD_LENGTH),
});
export type AcceptInvitation = z.infer<typeof acceptInvitationSchema>;

/**
 * Replacing the one-time password the admin tool printed (#6): the account's
 * email and that password, and the password the person chooses.
 */
export const changeOneTimePasswordSchema = z.object({
  email: z.email().max(320),
  password: secret(MAX_PASSWORD_LENGTH).min(1),
  newPassword: secret(MAX_PASSWORD_LENGTH),
});

export const deviceSchema = z.object({
  id: stored(),
  device: stored(),
  createdAt: stored(),
  lastSeenAt: stored(),
  current: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

export const accountSchema = z.object({
  id: z.uuid(),
  name: stored(),
  email: stored(),
  role: roleSchema,
  organisationId: z.uuid().nullable(),
  disabled: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const setDisabledSchema = z.object({ disabled: z.boolean() });

export const devicesResponseSchema = z.object({ devices: z.array(deviceSchema) });
export const accountsResponseSchema = z.object({ users: z.array(accountSchema) });

/** Setting up two-factor sign-in: the secret to put in an authenticator app, shown once. */
export const twoFactorStartSchema = z.object({ secret: stored(), uri: stored() });
export type TwoFactorStart = z.infer<typeof twoFactorStartSchema>;

export const twoFactorCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits'),
});

/** Turning two-factor sign-in off: the password and a current code, both. */
export const twoFactorDisableSchema = twoFactorCodeSchema.extend({
  password: secret(MAX_PASSWORD_LENGTH).min(1),
});

/** The network's rule: leads and coordinators must use two-factor sign-in. */
export const twoFactorRuleSchema = z.object({ required: z.boolean() });

/** Where the user and their agency stand on the agreements (src/agreements.ts). */
export const agreementsStatusSchema = z.object({
  user: z.object({ version: stored(), acceptedAt: stored().nullable() }),
  dataSharing: z.object({
    version: stored(),
    acceptedAt: stored().nullable(),
    acceptedBy: stored().nullable(),
  }),
});
export type AgreementsStatus = z.infer<typeof agreementsStatusSchema>;

export const acceptAgreementSchema = z.object({
  kind: z.enum(['data-sharing', 'user']),
  version: line(50).min(1),
});

export const auditQuerySchema = z.object({
  action: line(60).optional(),
  entityId: line(60).optional(),
  userId: z.uuid().optional(),
  from: instant().optional(),
  to: instant().optional(),
  /** Entries before this number (paging back in time). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  n: z.int(),
  at: stored(),
  actorUserId: stored().nullable(),
  actorName: stored().nullable(),
  action: stored(),
  entityId: stored().nullable(),
  organisationIds: z.array(stored()),
  detail: z.record(stored(), z.union([stored(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditResponseSchema = z.object({ entries: z.array(auditEntrySchema) });

/**
 * An agency as the network's coordinator sees it (#6): who leads it, how many
 * accounts it has, and whether its lead has accepted the data-sharing
 * agreement. No client data.
 */
export const organisationSummarySchema = z.object({
  id: z.uuid(),
  name: stored(),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  accounts: z.int(),
  leads: z.array(z.object({ name: stored(), email: stored() })),
  dataSharingAcceptedAt: stored().nullable(),
});
export type OrganisationSummary = z.infer<typeof organisationSummarySchema>;
export const organisationsResponseSchema = z.object({
  organisations: z.array(organisationSummarySchema),
});
