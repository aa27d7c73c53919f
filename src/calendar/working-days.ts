/**
 * Working days (DESIGN.md, "The referral lifecycle"): Monday to Friday, not a
 * bank holiday of the agency's nation, not a closure day the network added.
 * Dates are ISO calendar dates; instants become dates in Europe/London.
 */
import type { Nation } from '#src/nations.ts';
import { isBankHoliday, toDayNumber, toIsoDate, weekdayOf } from '#src/calendar/bank-holidays.ts';

export type WorkingCalendar = { nation: Nation; closures: readonly string[] };

type DayTest = (day: number) => boolean;

/** One test for many days: the closures become a set once, not once a day. */
function workingDayTest(cal: WorkingCalendar): DayTest {
  const closures = new Set(cal.closures);
  return (day) => {
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) return false;
    const date = toIsoDate(day);
    return !closures.has(date) && !isBankHoliday(date, cal.nation);
  };
}

/** Mon–Fri, not a bank holiday of the nation, not a closure. */
export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return workingDayTest(cal)(toDayNumber(date));
}

/** The date of the `days`-th working day after `date` (the date itself never counts); 0 returns `date`. */
export function addWorkingDays(date: string, days: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`working days to add must be a whole number ≥ 0, not ${days}`);
  }
  const isWorking = workingDayTest(cal);
  let day = toDayNumber(date);
  for (let counted = 0; counted < days;) {
    day += 1;
    if (isWorking(day)) counted += 1;
  }
  return toIsoDate(day);
}

/** Working days in (from, to]; negative (the count in (to, from]) if `to` is before `from`. */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  // 0 - n, not -n: no -0 when nothing lies between.
  if (end < start) return 0 - workingDaysBetween(to, from, cal);
  const isWorking = workingDayTest(cal);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isWorking(day)) count += 1;
  }
  return count;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** An instant on the wire always carries its offset; without one, the host's zone would decide. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The calendar date in Europe/London (GMT or BST) of an instant. Throws RangeError for a malformed instant (a bug). */
export function londonDate(instant: string | Date): string {
  if (typeof instant === 'string' && !ISO_INSTANT.test(instant)) {
    throw new RangeError(`not an ISO instant with an offset: ${instant}`);
  }
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  const parts = LONDON.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
});

/** The London wall-clock time ("HH:MM") of an instant, for a time field's value. */
export function londonTime(instant: string | Date): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return LONDON_CLOCK.format(at);
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant (ISO, UTC) of a London date and wall-clock time, as a person
 * types them into a date and a time field. In the hour the clocks go back
 * the earlier of the two is meant; in the hour they skip, the time an hour
 * on. Null when the date or time is not one.
 */
export function londonInstant(date: string, time: string): string | null {
  const m = WALL_CLOCK.exec(`${date}T${time}`);
  if (m === null) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== d || h > 23 || mi > 59) return null;
  // London is UTC or one hour ahead: try both offsets and keep one that reads back right.
  for (const offset of [1, 0]) {
    const at = new Date(wall - offset * 3_600_000);
    if (londonDate(at) === date && londonTime(at) === time) return at.toISOString();
  }
  return new Date(wall).toISOString();
}
