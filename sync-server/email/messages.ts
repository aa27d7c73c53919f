import { formatLondonDate } from '#server/email/dates.ts';
import { STATUS_LABEL, type ReferralStatus } from '#src/referral/lifecycle.ts';
import type { Email } from '#server/email/mailer.ts';

/**
 * The emails Handover sends, built from routing metadata alone: agencies,
 * service, issues, dates, status. Never a client's name, contact details,
 * needs, notes, outcome text or urgent reason: email leaves the network's
 * control, so it only says "look in Handover".
 */
export type ReferralFacts = {
  fromOrg: string;
  toOrg: string;
  serviceName: string;
  /** The referral's issues in words, the network's own categories included. */
  issues: readonly string[];
  urgent: boolean;
  status: ReferralStatus;
  acknowledgeBy: string;
  sentAt: string;
};

const openLine = (appUrl: string | null): string =>
  appUrl === null
    ? 'Open Handover to see the details.'
    : `Open Handover to see the details: ${appUrl}`;

const footer =
  'This email has no client details in it on purpose. You are getting it because your agency uses Handover.';

export const newReferralEmail = (f: ReferralFacts, to: string[], appUrl: string | null): Email => ({
  to,
  subject: `${f.urgent ? 'Urgent referral' : 'New referral'} for ${f.serviceName} from ${f.fromOrg}`,
  text: [
    `${f.fromOrg} has sent ${f.toOrg} a${f.urgent ? 'n urgent' : ''} referral for ${f.serviceName}.`,
    `About: ${f.issues.join(', ')}.`,
    `Please acknowledge it by ${formatLondonDate(f.acknowledgeBy)}.`,
    '',
    openLine(appUrl),
    '',
    footer,
  ].join('\n'),
});

const OUTCOME_WORDS: Partial<Record<ReferralStatus, string>> = {
  completed: 'has closed the referral with an outcome',
  declined: 'has declined the referral',
  'unable-to-contact': 'could not contact the client and has closed the referral',
  'no-response': 'did not answer in time, so the referral has closed as "no response"',
};

/** Whether a status is an outcome the referrer is told of by email. */
export const isOutcome = (status: ReferralStatus): boolean => OUTCOME_WORDS[status] !== undefined;

export const outcomeEmail = (f: ReferralFacts, to: string[], appUrl: string | null): Email => ({
  to,
  subject: `Referral to ${f.toOrg}: ${STATUS_LABEL[f.status].toLowerCase()}`,
  text: [
    `${f.toOrg} ${OUTCOME_WORDS[f.status] ?? `moved the referral to "${STATUS_LABEL[f.status]}"`}.`,
    `It was sent on ${formatLondonDate(f.sentAt.slice(0, 10))} to ${f.serviceName}.`,
    f.status === 'completed'
      ? ''
      : 'If the client still needs help, you can send them on to another service from the referral.',
    '',
    openLine(appUrl),
    '',
    footer,
  ].join('\n'),
});

export type DigestCounts = {
  toAcknowledgeToday: number;
  toActToday: number;
  overdue: number;
};

export const digestEmail = (
  orgName: string,
  day: string,
  c: DigestCounts,
  to: string[],
  appUrl: string | null,
): Email => ({
  to,
  subject: `Handover: referrals due for ${orgName}, ${formatLondonDate(day)}`,
  text: [
    `What is due today for ${orgName}:`,
    `- to acknowledge today: ${String(c.toAcknowledgeToday)}`,
    `- to accept or act on today: ${String(c.toActToday)}`,
    `- overdue: ${String(c.overdue)}`,
    '',
    openLine(appUrl),
    '',
    footer,
  ].join('\n'),
});
