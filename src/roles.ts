import type { Role } from '#src/wire/api.ts';

/**
 * Who may do what: the one place the network's roles matrix lives (words in
 * docs/roles.md; keep the two in step). The server enforces it on every
 * endpoint; the desk uses the same `can()` to hide what the user may not do.
 *
 * "Own agency" is not a role question: where a permission is about an
 * agency's data, the server also checks the user belongs to that agency.
 */
export const PERMISSIONS = {
  /** Send a referral from the user's own agency (with the client's consent). */
  'referral.send': ['adviser', 'lead'],
  /** Acknowledge, accept, decline, close, withdraw, note the agency's referrals. */
  'referral.act': ['adviser', 'lead'],
  /** Take an incoming referral to handle it yourself (the inbox, #3). */
  'referral.claim': ['adviser'],
  /** Give an incoming referral to a colleague at the same agency (the inbox, #3). */
  'referral.assign': ['adviser', 'lead'],
  /** Read the agency's referrals, including the client details they carry. */
  'referral.read': ['adviser', 'lead'],
  /**
   * Keep casework on their computer: the network only hands out the letters
   * that keep each desk's case references apart within the agency (#5).
   */
  'casework.series': ['adviser', 'lead'],
  /** Search the service directory. */
  'directory.read': ['adviser', 'lead', 'coordinator', 'administrator'],
  /** Change the agency's own services: details, receiving, capacity. */
  'service.edit-own': ['lead'],
  /** Change any agency's services (keeping the directory true). */
  'service.edit-any': ['coordinator'],
  /** The agency's own figures (counts only, no client details). */
  'figures.agency': ['lead', 'coordinator'],
  /** Network-wide figures (counts only, no client details). */
  'figures.network': ['coordinator'],
  /** Invite an agency's lead, creating the agency. */
  'invite.lead': ['coordinator'],
  /** Invite staff (advisers) into the user's own agency. */
  'invite.staff': ['lead'],
  /** See the agency's user accounts. */
  'users.list-agency': ['lead', 'coordinator'],
  /** Disable or re-enable an account (a lead: their own agency's advisers). */
  'users.disable': ['lead', 'coordinator'],
  /** Issue a password-reset invitation for someone else's account. */
  'users.reset-password': ['lead', 'coordinator'],
  /** Accept the network's data-sharing agreement for the agency. */
  'agreement.data-sharing': ['lead'],
  /** Read the whole network's audit log. */
  'audit.network': ['coordinator'],
  /** Read the part of the audit log about the user's own agency. */
  'audit.agency': ['lead'],
  /** Change the agency's desk settings (how soon an idle desk locks). */
  'agency.settings': ['lead'],
  /** Change network settings (deadlines, closures, two-factor rule). */
  'network.settings': ['coordinator'],
  /** Own account: devices, password, two-factor, the user agreement. */
  'account.self': ['adviser', 'lead', 'coordinator', 'administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether `role` holds `permission`. Unknown roles hold nothing. */
export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

/** Roles a user of `role` may invite (a coordinator: leads; a lead: advisers). */
export const invitableRoles = (role: Role): readonly Role[] =>
  role === 'coordinator' ? ['lead'] : role === 'lead' ? ['adviser'] : [];

/** An account as the reset rule sees it. */
export type AccountRef = { id: string; role: Role; organisationId: string | null };

/**
 * Where a password-reset code may go when `actor` resets `target`'s password
 * (#12). The code signs in as the account, so it may only reach someone who
 * could already act for that account's agency:
 *
 * - `'shown'`: the actor is shown the code to pass on (and it is emailed to
 *   the person). A lead, for their own agency's staff (advisers and fellow
 *   leads); a coordinator, for another coordinator (their own kind).
 * - `'person-or-lead'`: a coordinator asking for an agency's staff. The code
 *   is emailed to the person and never shown to the coordinator; when it
 *   cannot be emailed, the agency's (other) leads are asked on their desks to
 *   make one and pass it on.
 * - `'person-only'`: as above, for an agency's only lead: by email or not at
 *   all (the server's administrator is the remaining path, SECURITY.md).
 * - `null`: not allowed (their own account, an administrator, another agency).
 *
 * `otherLeads` counts the target agency's leads other than the target.
 */
export type ResetDelivery = 'shown' | 'person-or-lead' | 'person-only';

export const resetDelivery = (
  actor: AccountRef,
  target: AccountRef,
  otherLeads: number,
): ResetDelivery | null => {
  if (!can(actor.role, 'users.reset-password') || actor.id === target.id) return null;
  if (target.role === 'administrator') return null;
  const staff = target.role === 'adviser' || target.role === 'lead';
  if (actor.role === 'lead') {
    return staff && target.organisationId !== null && target.organisationId === actor.organisationId
      ? 'shown'
      : null;
  }
  if (actor.role === 'coordinator') {
    if (target.role === 'coordinator') return 'shown';
    if (!staff || target.organisationId === null) return null;
    return otherLeads > 0 ? 'person-or-lead' : 'person-only';
  }
  return null;
};
