import type { ServerContext } from '#server/context.ts';
import type { Queryable } from '#server/db/db.ts';
import type { Email, Mailer } from '#server/email/mailer.ts';
import { loadNetwork } from '#server/network/load.ts';
import type { Invitation } from '#src/wire/accounts.ts';

/** What an invitation email says: the network, the agency, who invited, the code and its end. */
export type InvitationFacts = {
  purpose: Invitation['purpose'];
  role: Invitation['role'];
  to: string;
  networkName: string;
  organisationName: string | null;
  invitedBy: string;
  code: string;
  expiresAt: string;
};

/** Waiting longer than this for the SMTP server holds up the inviter's screen; the code is shown anyway. */
const SEND_TIMEOUT_MS = 10_000;

const expiry = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

const ROLE_WORDS: Record<Invitation['role'], string> = {
  adviser: 'an adviser',
  lead: 'the lead',
  coordinator: 'a coordinator',
  administrator: 'an administrator',
};

/**
 * The invitation (or password-reset) email. It carries the one-time code —
 * the point of it — but no client's details, and no link with the code in it:
 * addresses end up in logs and browser histories, a code typed into the desk
 * does not. The code is useless without the invited email address.
 */
export const invitationEmail = (f: InvitationFacts, appUrl: string | null): Email => {
  const where =
    f.organisationName === null ? f.networkName : `${f.organisationName} (${f.networkName})`;
  const open =
    appUrl === null
      ? 'Open Handover on your computer'
      : `Open Handover (${appUrl}), or ask your IT support to install it`;
  const lines =
    f.purpose === 'join'
      ? [
          `${f.invitedBy} has invited you to Handover as ${ROLE_WORDS[f.role]} at ${where}.`,
          '',
          `${open}, choose "I have an invitation code", and enter this email address and the code:`,
        ]
      : [
          `${f.invitedBy} has made a password reset for your Handover account at ${where}.`,
          '',
          `${open}, choose "I have an invitation code", and enter this email address and the code. You then choose a new password, and are signed out on every computer:`,
        ];
  return {
    to: [f.to],
    subject:
      f.purpose === 'join'
        ? `Your invitation to Handover (${f.networkName})`
        : `Your Handover password reset (${f.networkName})`,
    text: [
      ...lines,
      '',
      `    ${f.code}`,
      '',
      `It works once, until ${expiry.format(new Date(f.expiresAt))}. Nobody from Handover will ever ask you for it.`,
      f.purpose === 'join'
        ? 'If you were not expecting this, ignore this email.'
        : `If you did not ask for this, tell ${f.invitedBy}: your password still works until the code is used.`,
    ].join('\n'),
  };
};

const organisationName = async (q: Queryable, id: string | null): Promise<string | null> => {
  if (id === null) return null;
  const [row] = await q.query<{ name: string }>('select name from organisations where id = $1', [
    id,
  ]);
  return row?.name ?? null;
};

const withTimeout = async (mailer: Mailer, email: Email): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      mailer.send(email).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, SEND_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Emails a new invitation's code to the invitee, at once: the code exists
 * only in this request (the database keeps its hash), so it cannot wait in
 * an outbox. True when the SMTP server took it; false without email on this
 * network or when sending failed (the inviter then passes the code on). The
 * failure is not logged: SMTP errors can echo addresses.
 */
export const emailInvitation = async (
  ctx: ServerContext,
  invitation: Invitation,
  code: string,
  invitedBy: string,
): Promise<boolean> => {
  const { mailer } = ctx;
  if (mailer === null) return false;
  const network = await loadNetwork(ctx.db);
  const email = invitationEmail(
    {
      purpose: invitation.purpose,
      role: invitation.role,
      to: invitation.email,
      networkName: network?.name ?? 'your network',
      organisationName: await organisationName(ctx.db, invitation.organisationId),
      invitedBy,
      code,
      expiresAt: invitation.expiresAt,
    },
    mailer.appUrl,
  );
  return withTimeout(mailer, email).catch(() => false);
};

/** What a reset-notice email to an agency's lead says (#12): names only, never the code. */
export type ResetNoticeFacts = {
  kind: 'reset-made' | 'reset-asked';
  to: string[];
  networkName: string;
  organisationName: string | null;
  subjectName: string;
  actorName: string;
  /** Where the code went: emailed to the person, shown to whoever made it, or left to the leads. */
  delivery: 'emailed' | 'shown' | 'leads';
};

/**
 * Tells an agency's leads of a password reset for one of its accounts (#12):
 * who made it, for whom, and where the code went — so a reset nobody asked
 * for is noticed. No code, no client's details.
 */
export const resetNoticeEmail = (f: ResetNoticeFacts, appUrl: string | null): Email => {
  const where =
    f.organisationName === null ? f.networkName : `${f.organisationName} (${f.networkName})`;
  const open = appUrl === null ? 'Open Handover' : `Open Handover (${appUrl})`;
  const lines =
    f.kind === 'reset-asked'
      ? [
          `${f.actorName} has asked for a password reset for ${f.subjectName}'s Handover account at ${where}.`,
          '',
          `The network could not email it to them. ${open}, go to Account, and use "Reset password" beside their name: you are given a one-time code to pass to them privately.`,
        ]
      : [
          `${f.actorName} has made a password reset for ${f.subjectName}'s Handover account at ${where}.`,
          '',
          f.delivery === 'emailed'
            ? 'The one-time code was emailed to them.'
            : `${f.actorName} was given the one-time code to pass to them.`,
        ];
  return {
    to: f.to,
    subject:
      f.kind === 'reset-asked'
        ? `A password reset is waiting for you to make (${f.networkName})`
        : `A password reset was made at your agency (${f.networkName})`,
    text: [
      ...lines,
      '',
      'You are told of every password reset at your agency. If it was not expected, speak to them and to your network coordinator.',
    ].join('\n'),
  };
};

/** Sends `resetNoticeEmail`; true when the SMTP server took it (never logged, as above). */
export const emailResetNotice = async (
  ctx: ServerContext,
  facts: Omit<ResetNoticeFacts, 'networkName' | 'organisationName'> & {
    organisationId: string | null;
  },
): Promise<boolean> => {
  const { mailer } = ctx;
  if (mailer === null || facts.to.length === 0) return false;
  const network = await loadNetwork(ctx.db);
  const { organisationId, ...rest } = facts;
  const email = resetNoticeEmail(
    {
      ...rest,
      networkName: network?.name ?? 'your network',
      organisationName: await organisationName(ctx.db, organisationId),
    },
    mailer.appUrl,
  );
  return withTimeout(mailer, email).catch(() => false);
};
