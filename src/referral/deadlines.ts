/**
 * Referral deadlines (DESIGN.md, "The referral lifecycle"): the receiver
 * acknowledges within `acknowledgeDays` working days of sending, then acts
 * (accepts, or records that the client could not be contacted) within a
 * further `actDays`. The day a referral is sent or acknowledged never counts,
 * so a referral sent on Friday afternoon with 3 days is due on Wednesday.
 * Days are counted on the London calendar date of the instant.
 */
import type { NetworkSettings } from '#src/wire/network.ts';
import { toDayNumber, weekdayOf } from '#src/calendar/bank-holidays.ts';
import {
  addWorkingDays,
  londonDate,
  workingDaysBetween,
  type WorkingCalendar,
} from '#src/calendar/working-days.ts';

/** Working days to acknowledge an urgent referral (or the network's own limit, if shorter). */
export const URGENT_ACKNOWLEDGE_DAYS = 1;
/** Working days to act on an urgent referral after acknowledging it (or the network's, if shorter). */
export const URGENT_ACT_DAYS = 2;

/**
 * The network's closures can arrive on the calendar, in the settings, or both:
 * skip them all, so a caller who filled in only one still skips every closure.
 */
function withClosures(cal: WorkingCalendar, settings: NetworkSettings): WorkingCalendar {
  if (settings.closures.length === 0) return cal;
  return { nation: cal.nation, closures: [...cal.closures, ...settings.closures] };
}

/** Date by which the receiver must acknowledge: acknowledgeDays working days after the London date of sentAt. */
export function acknowledgeBy(
  sentAt: string,
  cal: WorkingCalendar,
  settings: NetworkSettings,
  urgent: boolean,
): string {
  // Urgent never means longer than the network's ordinary deadline.
  const days = urgent
    ? Math.min(URGENT_ACKNOWLEDGE_DAYS, settings.acknowledgeDays)
    : settings.acknowledgeDays;
  return addWorkingDays(londonDate(sentAt), days, withClosures(cal, settings));
}

/** Date by which the receiver must act (accept / record unable to contact): actDays more working days after the London date of acknowledgedAt. */
export function actBy(
  acknowledgedAt: string,
  cal: WorkingCalendar,
  settings: NetworkSettings,
  urgent: boolean,
): string {
  const days = urgent ? Math.min(URGENT_ACT_DAYS, settings.actDays) : settings.actDays;
  return addWorkingDays(londonDate(acknowledgedAt), days, withClosures(cal, settings));
}

export type ClockState = 'due' | 'due-today' | 'overdue';

/** Where a deadline stands at `now` (an ISO instant), comparing London dates. */
export function clockState(dueDate: string, now: string | Date): ClockState {
  toDayNumber(dueDate); // validates: ISO dates compare correctly as strings
  const today = londonDate(now);
  if (today < dueDate) return 'due';
  if (today === dueDate) return 'due-today';
  return 'overdue';
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** "Thu 26 Nov", with the year only when it is not this year. Fixed words, not Intl, so every host agrees. */
function shortDate(date: string, today: string): string {
  const weekday = WEEKDAYS[weekdayOf(toDayNumber(date))] ?? '';
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  const dayOfMonth = Number(date.slice(8, 10));
  const year = date.slice(0, 4) === today.slice(0, 4) ? '' : ` ${date.slice(0, 4)}`;
  return `${weekday} ${dayOfMonth} ${month}${year}`;
}

/** Plain words, e.g. "Due today", "Due Thu 26 Nov", "Overdue by 2 working days". */
export function describeDeadline(
  dueDate: string,
  now: string | Date,
  cal: WorkingCalendar,
): string {
  const today = londonDate(now);
  switch (clockState(dueDate, now)) {
    case 'due-today':
      return 'Due today';
    case 'due':
      return `Due ${shortDate(dueDate, today)}`;
    case 'overdue': {
      const late = workingDaysBetween(dueDate, today, cal);
      // Past the date but no working day since (a weekend or holiday): no "by 0".
      if (late === 0) return `Overdue since ${shortDate(dueDate, today)}`;
      return `Overdue by ${late} working ${late === 1 ? 'day' : 'days'}`;
    }
  }
}

/** Working days past the deadline before an unanswered referral closes itself, unless the network says otherwise. */
export const DEFAULT_NO_RESPONSE_DAYS = 5;

/**
 * The last day an unanswered referral stays open: its current deadline (to
 * acknowledge, or to act once acknowledged) plus the network's no-response
 * days. From the next day the server closes it as "no response". Null when
 * nothing is awaited from the receiver.
 */
export function noResponseAfter(
  referral: { status: string; acknowledgeBy: string; actBy: string | null },
  cal: WorkingCalendar,
  settings: NetworkSettings,
): string | null {
  const due =
    referral.status === 'sent'
      ? referral.acknowledgeBy
      : referral.status === 'acknowledged'
        ? referral.actBy
        : null;
  if (due === null) return null;
  const days = settings.noResponseDays ?? DEFAULT_NO_RESPONSE_DAYS;
  return addWorkingDays(due, days, withClosures(cal, settings));
}

/**
 * The deadline that matters now, if any, for screens: acknowledge by, then
 * accept or act by. Null once the receiver has acted (accepted or beyond):
 * then nothing is due, and a screen says nothing rather than a dash.
 */
export function nextDeadline(referral: {
  status: string;
  acknowledgeBy: string;
  actBy: string | null;
}): { label: string; date: string } | null {
  if (referral.status === 'sent') return { label: 'Acknowledge by', date: referral.acknowledgeBy };
  if (referral.status === 'acknowledged' && referral.actBy !== null)
    return { label: 'Accept or act by', date: referral.actBy };
  return null;
}
