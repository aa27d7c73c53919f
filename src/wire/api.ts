import { z } from 'zod';
import { organisationSchema, serviceSchema } from '#src/wire/directory.ts';
import { networkSchema } from '#src/wire/network.ts';
import { referralSchema } from '#src/wire/referral.ts';
import { deskSettingsSchema } from '#src/wire/desk-settings.ts';
import { line, secret, stored } from '#src/wire/text.ts';

/** The sync server's HTTP API: paths and bodies, shared by server and client. */
export const API = '/api/v1';

export const ROLES = ['adviser', 'lead', 'coordinator', 'administrator'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const signInRequestSchema = z.object({
  email: z.email().max(320),
  password: secret(1000).min(1),
  /** A name for this device, shown in the user's list of signed-in devices. */
  device: line(100).min(1),
  /** The six-digit code from an authenticator app, for accounts with two-factor sign-in. */
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const userSchema = z.object({
  id: z.uuid(),
  name: stored(),
  email: stored(),
  role: roleSchema,
  organisationId: z.uuid().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const meSchema = z.object({
  user: userSchema,
  organisation: organisationSchema.nullable(),
  network: networkSchema,
  /** Two-factor sign-in: set up or not, and whether the network requires it of this user. */
  twoFactor: z.object({ enabled: z.boolean(), mustSetUp: z.boolean() }).optional(),
  /** The agency's settings for its desks (#5). */
  desk: deskSettingsSchema.optional(),
});
export type Me = z.infer<typeof meSchema>;

export const signInResponseSchema = meSchema.extend({ token: stored() });
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ seq: z.int(), kind: z.literal('referral'), referral: referralSchema }),
  z.object({ seq: z.int(), kind: z.literal('service'), service: serviceSchema }),
]);
export type Change = z.infer<typeof changeSchema>;

export const MAX_CHANGES_PAGE = 500;

export const changesQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).default(200),
});

export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** The cursor to ask from next time. */
  cursor: z.int(),
  /** More changes are waiting beyond this page. */
  more: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

/** Server error bodies: a reason code, never a stack trace. */
export const API_ERRORS = [
  'bad-request',
  // Text no one can keep: NUL, control characters, half a character (#12, src/wire/text.ts).
  'invalid-text',
  'too-large',
  'unauthenticated',
  'bad-credentials',
  'forbidden',
  'not-found',
  'rate-limited',
  'unavailable',
  'internal',
  // accounts (issue #6)
  'conflict',
  'weak-password',
  'invitation-invalid',
  'two-factor-required',
  'two-factor-invalid',
  'two-factor-setup-required',
  'agreement-needed',
  'password-change-required',
] as const;
export type ApiError = (typeof API_ERRORS)[number];
export const apiErrorSchema = z.object({
  error: z.enum(API_ERRORS),
  /** Non-personal detail, e.g. which field failed validation. */
  detail: stored().optional(),
});
