import { describe, it, expect } from 'vitest';
import { NATIONS, type Nation } from '#src/nations.ts';
import {
  FIRST_YEAR,
  HOLIDAY_EXCEPTIONS,
  LAST_YEAR,
  bankHolidays,
  isBankHoliday,
  toDayNumber,
  toIsoDate,
  weekdayOf,
} from '#src/calendar/bank-holidays.ts';

/**
 * The published lists (https://www.gov.uk/bank-holidays), written out by hand
 * as month-day within the year, not generated: substitute days included.
 */
const PUBLISHED: Record<Nation, Record<number, string>> = {
  'england-and-wales': {
    2019: '01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26',
    // Early May moved to Fri 8 May (VE Day 75); Boxing Day Sat → Mon 28.
    2020: '01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28',
    // Christmas Sat, Boxing Day Sun → Mon 27, Tue 28.
    2021: '01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28',
    // New Year Sat → Mon 3; Spring Thu 2 Jun + Platinum Jubilee Fri 3 Jun; State Funeral; Christmas Sun → Tue 27.
    2022: '01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27',
    // New Year Sun → Mon 2; Coronation Mon 8 May.
    2023: '01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26',
    2024: '01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26',
    2025: '01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26',
    // Boxing Day Sat → Mon 28.
    2026: '01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28',
    // Christmas Sat, Boxing Day Sun → Mon 27, Tue 28.
    2027: '01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28',
  },
  scotland: {
    // St Andrew's Sat → Mon 2 Dec.
    2019: '01-01 01-02 04-19 05-06 05-27 08-05 12-02 12-25 12-26',
    2020: '01-01 01-02 04-10 05-08 05-25 08-03 11-30 12-25 12-28',
    // 2 January Sat → Mon 4.
    2021: '01-01 01-04 04-02 05-03 05-31 08-02 11-30 12-27 12-28',
    // 1 and 2 January Sat and Sun → Mon 3, Tue 4; St Andrew's on a Wednesday.
    2022: '01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27',
    // 1 January Sun: 2 January Mon and a substitute Tue 3.
    2023: '01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26',
    // St Andrew's Sat → Mon 2 Dec.
    2024: '01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26',
    // St Andrew's Sun → Mon 1 Dec.
    2025: '01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26',
    2026: '01-01 01-02 04-03 05-04 05-25 08-03 11-30 12-25 12-28',
    // 1 January Fri, 2 January Sat → Mon 4.
    2027: '01-01 01-04 03-26 05-03 05-31 08-02 11-30 12-27 12-28',
  },
  'northern-ireland': {
    // St Patrick's Sun → Mon 18 Mar.
    2019: '01-01 03-18 04-19 04-22 05-06 05-27 07-12 08-26 12-25 12-26',
    // Boyne Sun → Mon 13 Jul.
    2020: '01-01 03-17 04-10 04-13 05-08 05-25 07-13 08-31 12-25 12-28',
    2021: '01-01 03-17 04-02 04-05 05-03 05-31 07-12 08-30 12-27 12-28',
    2022: '01-03 03-17 04-15 04-18 05-02 06-02 06-03 07-12 08-29 09-19 12-26 12-27',
    2023: '01-02 03-17 04-07 04-10 05-01 05-08 05-29 07-12 08-28 12-25 12-26',
    // St Patrick's Sun → Mon 18 Mar.
    2024: '01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26',
    // Boyne Sat → Mon 14 Jul.
    2025: '01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26',
    // Boyne Sun → Mon 13 Jul.
    2026: '01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28',
    2027: '01-01 03-17 03-26 03-29 05-03 05-31 07-12 08-30 12-27 12-28',
  },
};

/** Years with one-off changes, from the announcements of the time. */
const HISTORICAL: [Nation, number, string][] = [
  // Early May moved to Mon 8 May for VE Day 50 in E&W and NI; an extra day in Scotland.
  ['england-and-wales', 1995, '01-02 04-14 04-17 05-08 05-29 08-28 12-25 12-26'],
  ['scotland', 1995, '01-02 01-03 04-14 05-01 05-08 05-29 08-07 12-25 12-26'],
  // Millennium Fri 31 Dec; Christmas Sat and Boxing Day Sun.
  ['england-and-wales', 1999, '01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28 12-31'],
  ['england-and-wales', 2000, '01-03 04-21 04-24 05-01 05-29 08-28 12-25 12-26'],
  ['scotland', 2000, '01-03 01-04 04-21 05-01 05-29 08-07 12-25 12-26'],
  // Golden Jubilee Mon 3 Jun; Spring moved to Tue 4 Jun.
  ['england-and-wales', 2002, '01-01 03-29 04-01 05-06 06-03 06-04 08-26 12-25 12-26'],
  // St Andrew's Day is a bank holiday from 2007 (Fri 30 Nov).
  ['scotland', 2006, '01-02 01-03 04-14 05-01 05-29 08-07 12-25 12-26'],
  ['scotland', 2007, '01-01 01-02 04-06 05-07 05-28 08-06 11-30 12-25 12-26'],
  // Royal Wedding Fri 29 Apr; Christmas Sun → Boxing Mon 26, Christmas Tue 27.
  ['england-and-wales', 2011, '01-03 04-22 04-25 04-29 05-02 05-30 08-29 12-26 12-27'],
  // No proclamation made Tue 4 Jan a substitute for Sat 1 Jan.
  ['scotland', 2011, '01-03 04-22 04-29 05-02 05-30 08-01 11-30 12-26 12-27'],
  // Spring moved to Mon 4 Jun; Diamond Jubilee Tue 5 Jun.
  ['england-and-wales', 2012, '01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26'],
  ['scotland', 2012, '01-02 01-03 04-06 05-07 06-04 06-05 08-06 11-30 12-25 12-26'],
  ['northern-ireland', 2012, '01-02 03-19 04-06 04-09 05-07 06-04 06-05 07-12 08-27 12-25 12-26'],
];

const YEARS = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
const isExceptional = (nation: Nation, year: number): boolean =>
  HOLIDAY_EXCEPTIONS.some((e) => e.year === year && e.nations.includes(nation));

/** '01-01 04-19' in 2019 → ['2019-01-01', '2019-04-19'] */
const inYear = (year: number, monthDays: string): string[] =>
  monthDays.split(' ').map((md) => `${year}-${md}`);

describe('bankHolidays: the published lists', () => {
  for (const nation of NATIONS) {
    for (const [year, expected] of Object.entries(PUBLISHED[nation])) {
      it(`${nation} ${year}`, () => {
        expect(bankHolidays(nation, Number(year))).toEqual(inYear(Number(year), expected));
      });
    }
  }
  for (const [nation, year, expected] of HISTORICAL) {
    it(`${nation} ${year} (historical)`, () => {
      expect(bankHolidays(nation, year)).toEqual(inYear(year, expected));
    });
  }
});

describe('bankHolidays: every nation, every year', () => {
  // Exhaustive rather than sampled: 3 nations × 111 years is cheap.
  it('are weekdays in the year, sorted, without duplicates', () => {
    for (const nation of NATIONS) {
      for (const year of YEARS) {
        const dates = bankHolidays(nation, year);
        expect(dates, `${nation} ${year}`).toEqual([...new Set(dates)].sort());
        for (const date of dates) {
          expect(date.slice(0, 4), date).toBe(String(year));
          expect([1, 2, 3, 4, 5], date).toContain(weekdayOf(toDayNumber(date)));
        }
      }
    }
  });

  it('number 8 in England and Wales, 9 in Scotland, 10 in Northern Ireland in ordinary years', () => {
    const expected: Record<Nation, number> = {
      'england-and-wales': 8,
      scotland: 9,
      'northern-ireland': 10,
    };
    for (const nation of NATIONS) {
      for (const year of YEARS) {
        if (isExceptional(nation, year)) continue;
        // Before St Andrew's Day became a bank holiday (2007), Scotland had 8.
        const count = nation === 'scotland' && year < 2007 ? 8 : expected[nation];
        expect(bankHolidays(nation, year), `${nation} ${year}`).toHaveLength(count);
      }
    }
  });

  it('always include Good Friday, Christmas and (outside Scotland) Easter Monday by rule', () => {
    // Easter Sundays from the published tables (e.g. the Book of Common Prayer's).
    const easters: Record<number, string> = {
      1990: '1990-04-15',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2038: '2038-04-25',
      2100: '2100-03-28',
    };
    for (const [year, easter] of Object.entries(easters)) {
      const sunday = toDayNumber(easter);
      const ew = bankHolidays('england-and-wales', Number(year));
      expect(ew).toContain(toIsoDate(sunday - 2));
      expect(ew).toContain(toIsoDate(sunday + 1));
      expect(bankHolidays('scotland', Number(year))).not.toContain(toIsoDate(sunday + 1));
    }
  });

  it('throw RangeError outside 1990–2100', () => {
    expect(() => bankHolidays('scotland', 1989)).toThrow(RangeError);
    expect(() => bankHolidays('scotland', 2101)).toThrow(RangeError);
    expect(() => bankHolidays('scotland', 2024.5)).toThrow(RangeError);
    expect(bankHolidays('scotland', FIRST_YEAR)).toHaveLength(8);
    expect(bankHolidays('scotland', LAST_YEAR)).toHaveLength(9);
  });

  it('hand out copies', () => {
    bankHolidays('england-and-wales', 2025).push('2025-07-04');
    expect(bankHolidays('england-and-wales', 2025)).toHaveLength(8);
  });
});

describe('isBankHoliday', () => {
  it('knows each nation apart', () => {
    expect(isBankHoliday('2025-08-04', 'scotland')).toBe(true);
    expect(isBankHoliday('2025-08-04', 'england-and-wales')).toBe(false);
    expect(isBankHoliday('2025-08-25', 'england-and-wales')).toBe(true);
    expect(isBankHoliday('2025-08-25', 'scotland')).toBe(false);
    expect(isBankHoliday('2025-07-14', 'northern-ireland')).toBe(true);
    expect(isBankHoliday('2025-07-14', 'england-and-wales')).toBe(false);
  });

  it('rejects malformed dates as bugs', () => {
    expect(() => isBankHoliday('2025-02-29', 'scotland')).toThrow(RangeError);
    expect(() => isBankHoliday('25/12/2025', 'scotland')).toThrow(RangeError);
  });
});
