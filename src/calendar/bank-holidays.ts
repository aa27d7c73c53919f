/**
 * UK bank holidays by nation, computed by rule for 1990–2100, plus a short
 * table of the one-off changes made by Royal Proclamation. No data file to
 * refresh: a new one-off holiday is one new line in HOLIDAY_EXCEPTIONS.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD). Arithmetic runs on day numbers
 * (days since 1970-01-01, UTC), so no time zone or DST can shift a date.
 */
import type { Nation } from '#src/nations.ts';

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/** The first year St Andrew's Day was a Scottish bank holiday (St Andrew's Day Bank Holiday (Scotland) Act 2007). */
const ST_ANDREWS_FIRST_YEAR = 2007;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const SUNDAY = 0;
const MONDAY = 1;
const SATURDAY = 6;

/** Days since 1970-01-01 of an ISO date. Throws RangeError for a malformed or impossible date (a bug). */
export function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${date}`);
  const day = dayNumberOf(Number(match[1]), Number(match[2]), Number(match[3]));
  if (toIsoDate(day) !== date) throw new RangeError(`no such date: ${date}`);
  return day;
}

/** The ISO date of a day number. */
export function toIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

function dayNumberOf(year: number, month: number, dayOfMonth: number): number {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === SATURDAY || weekday === SUNDAY;
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumberOf(year, month, dayOfMonth);
}

function firstMonday(year: number, month: number): number {
  const first = dayNumberOf(year, month, 1);
  return first + ((MONDAY - weekdayOf(first) + 7) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = dayNumberOf(year, month + 1, 0);
  return last - ((weekdayOf(last) - MONDAY + 7) % 7);
}

/** A fixed-date holiday at a weekend moves to the following Monday. */
function mondayIfWeekend(day: number): number {
  const weekday = weekdayOf(day);
  if (weekday === SATURDAY) return day + 2;
  if (weekday === SUNDAY) return day + 1;
  return day;
}

/**
 * Consecutive fixed-date holidays (Christmas and Boxing Day; 1 and 2 January
 * in Scotland): each takes its own date, or the first weekday after it not
 * already taken. So 25 Dec on a Saturday gives Mon 27 and Tue 28; on a Sunday,
 * Mon 26 and Tue 27; 26 Dec alone on a Saturday gives Mon 28.
 */
function consecutivePair(first: number): [number, number] {
  let a = first;
  while (isWeekend(a)) a += 1;
  let b = first + 1;
  while (isWeekend(b) || b === a) b += 1;
  return [a, b];
}

function byRule(nation: Nation, year: number): number[] {
  const easter = easterSunday(year);
  const goodFriday = easter - 2;
  const easterMonday = easter + 1;
  const earlyMay = firstMonday(year, 5);
  const spring = lastMonday(year, 5);
  const christmasAndBoxing = consecutivePair(dayNumberOf(year, 12, 25));
  const newYear = mondayIfWeekend(dayNumberOf(year, 1, 1));
  switch (nation) {
    case 'england-and-wales':
      return [
        newYear,
        goodFriday,
        easterMonday,
        earlyMay,
        spring,
        lastMonday(year, 8),
        ...christmasAndBoxing,
      ];
    case 'northern-ireland':
      return [
        newYear,
        mondayIfWeekend(dayNumberOf(year, 3, 17)), // St Patrick's Day
        goodFriday,
        easterMonday,
        earlyMay,
        spring,
        mondayIfWeekend(dayNumberOf(year, 7, 12)), // Battle of the Boyne
        lastMonday(year, 8),
        ...christmasAndBoxing,
      ];
    case 'scotland':
      return [
        ...consecutivePair(dayNumberOf(year, 1, 1)), // New Year's Day and 2nd January
        goodFriday,
        earlyMay,
        spring,
        firstMonday(year, 8),
        ...(year >= ST_ANDREWS_FIRST_YEAR ? [mondayIfWeekend(dayNumberOf(year, 11, 30))] : []),
        ...christmasAndBoxing,
      ];
  }
}

/** A one-off change to a year's bank holidays, made by Royal Proclamation. */
export type HolidayException = {
  readonly year: number;
  readonly nations: readonly Nation[];
  /** Dates the rules give that were not bank holidays that year (moved or never proclaimed). */
  readonly remove: readonly string[];
  /** Dates that were bank holidays that year although no rule gives them. */
  readonly add: readonly string[];
  readonly why: string;
};

const ALL: readonly Nation[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/**
 * The one-off changes since 1990, checked against the GOV.UK lists
 * (https://www.gov.uk/bank-holidays, 2012 onwards) and, before those, the
 * announcements: Hansard HL Deb 16 Dec 1993 vol 550 cc135-6WA and HC Deb
 * 2 Mar 1995 vol 255 c709W (1995: early May moved in E&W and NI, an extra day
 * in Scotland); the Millennium and Golden Jubilee proclamations (1999, 2002);
 * the Scottish Government on the 2012 Diamond Jubilee; and its confirmation
 * (reported at https://dracos.co.uk/wrote/bad-bank-holidays, Jan 2014) that no
 * proclamation made 4 January a bank holiday in Scotland in 2010 or 2011.
 */
export const HOLIDAY_EXCEPTIONS: readonly HolidayException[] = [
  {
    year: 1995,
    nations: ['england-and-wales', 'northern-ireland'],
    remove: ['1995-05-01'],
    add: ['1995-05-08'],
    why: 'Early May moved to 8 May for the 50th anniversary of VE Day',
  },
  {
    year: 1995,
    nations: ['scotland'],
    remove: [],
    add: ['1995-05-08'],
    why: 'VE Day 50th anniversary, an extra day in Scotland (1 May kept)',
  },
  {
    year: 1999,
    nations: ALL,
    remove: [],
    add: ['1999-12-31'],
    why: 'Millennium',
  },
  {
    year: 2002,
    nations: ALL,
    remove: ['2002-05-27'],
    add: ['2002-06-03', '2002-06-04'],
    why: 'Golden Jubilee on 3 June; Spring bank holiday moved to 4 June',
  },
  {
    year: 2010,
    nations: ['scotland'],
    remove: ['2010-01-04'],
    add: [],
    why: 'No proclamation of a substitute for 2 January (a Saturday)',
  },
  {
    year: 2011,
    nations: ['scotland'],
    remove: ['2011-01-04'],
    add: [],
    why: 'No proclamation of a substitute for 1 January (a Saturday)',
  },
  {
    year: 2011,
    nations: ALL,
    remove: [],
    add: ['2011-04-29'],
    why: 'Royal Wedding',
  },
  {
    year: 2012,
    nations: ALL,
    remove: ['2012-05-28'],
    add: ['2012-06-04', '2012-06-05'],
    why: 'Spring bank holiday moved to 4 June; Diamond Jubilee on 5 June',
  },
  {
    year: 2020,
    nations: ALL,
    remove: ['2020-05-04'],
    add: ['2020-05-08'],
    why: 'Early May moved to Friday 8 May for the 75th anniversary of VE Day',
  },
  {
    year: 2022,
    nations: ALL,
    remove: ['2022-05-30'],
    add: ['2022-06-02', '2022-06-03'],
    why: 'Spring bank holiday moved to Thursday 2 June; Platinum Jubilee on 3 June',
  },
  {
    year: 2022,
    nations: ALL,
    remove: [],
    add: ['2022-09-19'],
    why: 'State Funeral of Queen Elizabeth II',
  },
  {
    year: 2023,
    nations: ALL,
    remove: [],
    add: ['2023-05-08'],
    why: 'Coronation of King Charles III',
  },
];

type YearOfHolidays = { readonly dates: readonly string[]; readonly has: ReadonlySet<string> };

const cache = new Map<string, YearOfHolidays>();

function compute(nation: Nation, year: number): YearOfHolidays {
  const dates = new Set(byRule(nation, year).map(toIsoDate));
  for (const change of HOLIDAY_EXCEPTIONS) {
    if (change.year !== year || !change.nations.includes(nation)) continue;
    for (const date of change.remove) {
      // A removal that removes nothing means the table and the rules disagree.
      if (!dates.delete(date)) {
        throw new Error(`exception removes ${date}, not a ${nation} holiday`);
      }
    }
    for (const date of change.add) dates.add(date);
  }
  return { dates: [...dates].sort(), has: dates };
}

function yearOfHolidays(nation: Nation, year: number): YearOfHolidays {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`bank holidays are known for ${FIRST_YEAR}–${LAST_YEAR}, not ${year}`);
  }
  const key = `${nation}:${year}`;
  let known = cache.get(key);
  if (known === undefined) {
    known = compute(nation, year);
    cache.set(key, known);
  }
  return known;
}

/** ISO dates (YYYY-MM-DD), sorted, of a nation's bank holidays in a year, computed by rule. Throws RangeError outside 1990..2100 (a bug, not input). */
export function bankHolidays(nation: Nation, year: number): string[] {
  return [...yearOfHolidays(nation, year).dates];
}

/** Whether an ISO date is a bank holiday of the nation. Throws RangeError outside 1990..2100. */
export function isBankHoliday(date: string, nation: Nation): boolean {
  toDayNumber(date); // validates the date
  return yearOfHolidays(nation, Number(date.slice(0, 4))).has.has(date);
}
