import type { ReferralEvent } from '#src/wire/referral.ts';

/**
 * First contact with the client (#12): how and when the receiving agency
 * first reached them. Often done away from the desk (a phone call from home,
 * a visit), so it is recorded with its own time, back-dated if need be. The
 * desk checks it before queuing, the server checks it again on arrival, and
 * both sides show it from the event, using the recorded time, not the time
 * the button was pressed.
 */
export const CONTACT_METHODS = [
  'phone',
  'in-person',
  'video',
  'email',
  'text-message',
  'letter',
  'other',
] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_METHOD_LABEL: Readonly<Record<ContactMethod, string>> = {
  phone: 'phone',
  'in-person': 'in person',
  video: 'video call',
  email: 'email',
  'text-message': 'text message',
  letter: 'letter',
  other: 'another way',
};

/**
 * A desk's clock may run a little ahead of the server's: a contact recorded
 * "now" must not be refused as in the future for that. Five minutes covers
 * an unsynchronised PC clock without letting a planned call be recorded.
 */
export const CONTACT_CLOCK_SLACK_MS = 5 * 60 * 1000;

export type ContactTimeProblem = 'contact-in-future' | 'contact-before-sent';

/** Why a first-contact time cannot be right, or null when it can. */
export const contactTimeProblem = (
  contactedAt: string,
  sentAt: string,
  now: Date,
): ContactTimeProblem | null => {
  const at = Date.parse(contactedAt);
  if (at > now.getTime() + CONTACT_CLOCK_SLACK_MS) return 'contact-in-future';
  // People give times to the minute: a call in the minute the referral was sent counts.
  if (at < Math.floor(Date.parse(sentAt) / 60_000) * 60_000) return 'contact-before-sent';
  return null;
};

export type FirstContact = {
  /** When the client was contacted: the recorded time, else when it was recorded. */
  at: string;
  method: ContactMethod | null;
  by: string;
};

const isMethod = (value: unknown): value is ContactMethod =>
  typeof value === 'string' && (CONTACT_METHODS as readonly string[]).includes(value);

/** The first contact recorded on a referral, from its events; null before any. */
export const firstContact = (events: readonly ReferralEvent[]): FirstContact | null => {
  const event = events.find((e) => e.type === 'contact-recorded');
  if (event === undefined) return null;
  const { contactedAt, method } = event.data;
  const at =
    typeof contactedAt === 'string' && !Number.isNaN(Date.parse(contactedAt))
      ? contactedAt
      : event.at;
  return { at, method: isMethod(method) ? method : null, by: event.actor.name };
};

/**
 * "First contact: phone, 3 March 2027 at 10:15". The caller formats the
 * instant (screens use the London clock); the sentence is made here, once.
 */
export const firstContactText = (
  contact: FirstContact,
  formatInstant: (iso: string) => string,
): string =>
  contact.method === null
    ? `First contact: ${formatInstant(contact.at)}`
    : `First contact: ${CONTACT_METHOD_LABEL[contact.method]}, ${formatInstant(contact.at)}`;
