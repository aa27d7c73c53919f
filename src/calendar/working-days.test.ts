import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { NATIONS } from '#src/nations.ts';
import { toDayNumber, toIsoDate, weekdayOf } from '#src/calendar/bank-holidays.ts';
import {
  addWorkingDays,
  isWorkingDay,
  londonDate,
  workingDaysBetween,
  type WorkingCalendar,
} from '#src/calendar/working-days.ts';

const ew: WorkingCalendar = { nation: 'england-and-wales', closures: [] };
const scot: WorkingCalendar = { nation: 'scotland', closures: [] };
const ni: WorkingCalendar = { nation: 'northern-ireland', closures: [] };

// Far enough inside 1990–2100 that ±200 days, or 120 working days on, stay in the calendar.
const FIRST_DAY = toDayNumber('1991-01-01');
const LAST_DAY = toDayNumber('2099-06-30');

const date = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(toIsoDate);

/** A calendar whose closures fall near `start`, where they can matter. */
const calendarNear = (start: string): fc.Arbitrary<WorkingCalendar> =>
  fc.record({
    nation: fc.constantFrom(...NATIONS),
    closures: fc
      .array(fc.integer({ min: -10, max: 90 }), { maxLength: 8 })
      .map((offsets) => offsets.map((o) => toIsoDate(toDayNumber(start) + o))),
  });

const dateAndCalendar = date.chain((start) => calendarNear(start).map((cal) => ({ start, cal })));

describe('isWorkingDay', () => {
  it('skips weekends, the nation’s bank holidays and the network’s closures', () => {
    expect(isWorkingDay('2025-11-21', ew)).toBe(true); // Fri
    expect(isWorkingDay('2025-11-22', ew)).toBe(false); // Sat
    expect(isWorkingDay('2025-11-23', ew)).toBe(false); // Sun
    expect(isWorkingDay('2025-12-25', ew)).toBe(false);
    expect(isWorkingDay('2025-04-21', ew)).toBe(false); // Easter Monday
    expect(isWorkingDay('2025-04-21', scot)).toBe(true); // not a holiday in Scotland
    expect(isWorkingDay('2025-01-02', scot)).toBe(false);
    expect(isWorkingDay('2025-01-02', ew)).toBe(true);
    expect(isWorkingDay('2025-03-17', ni)).toBe(false); // St Patrick's Day
    expect(isWorkingDay('2025-03-17', ew)).toBe(true);
    expect(isWorkingDay('2025-11-24', { ...ew, closures: ['2025-11-24'] })).toBe(false);
  });

  it('is never true at a weekend', () => {
    fc.assert(
      fc.property(dateAndCalendar, ({ start, cal }) => {
        const weekday = weekdayOf(toDayNumber(start));
        if (weekday === 0 || weekday === 6) expect(isWorkingDay(start, cal)).toBe(false);
      }),
    );
  });

  it('rejects malformed dates as bugs', () => {
    expect(() => isWorkingDay('2025-13-01', ew)).toThrow(RangeError);
    expect(() => isWorkingDay('2025-1-1', ew)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('never counts the start date', () => {
    expect(addWorkingDays('2025-11-21', 1, ew)).toBe('2025-11-24'); // Fri → Mon
    expect(addWorkingDays('2025-11-22', 1, ew)).toBe('2025-11-24'); // Sat → Mon
    expect(addWorkingDays('2025-11-21', 3, ew)).toBe('2025-11-26'); // Fri → Wed
    expect(addWorkingDays('2025-11-21', 0, ew)).toBe('2025-11-21');
    expect(addWorkingDays('2025-11-22', 0, ew)).toBe('2025-11-22'); // 0 is the date itself, working or not
  });

  it('skips the holidays of the right nation', () => {
    // Christmas 2026: Fri 25, Boxing Day Sat → Mon 28.
    expect(addWorkingDays('2026-12-24', 1, ew)).toBe('2026-12-29');
    // Scotland's New Year: 1 and 2 January 2025 (Wed, Thu).
    expect(addWorkingDays('2024-12-31', 1, scot)).toBe('2025-01-03');
    expect(addWorkingDays('2024-12-31', 1, ew)).toBe('2025-01-02');
    // Scotland's summer holiday is the first Monday of August.
    expect(addWorkingDays('2025-08-01', 1, scot)).toBe('2025-08-05');
    expect(addWorkingDays('2025-08-22', 1, scot)).toBe('2025-08-25');
    expect(addWorkingDays('2025-08-22', 1, ew)).toBe('2025-08-26');
    // Boyne 2026 on a Sunday, kept on Monday 13 July.
    expect(addWorkingDays('2026-07-10', 1, ni)).toBe('2026-07-14');
  });

  it('skips closures', () => {
    const closed: WorkingCalendar = { ...ew, closures: ['2025-11-24', '2025-11-25'] };
    expect(addWorkingDays('2025-11-21', 1, closed)).toBe('2025-11-26');
  });

  it('rejects a negative or fractional count as a bug', () => {
    expect(() => addWorkingDays('2025-11-21', -1, ew)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-11-21', 1.5, ew)).toThrow(RangeError);
  });

  it('lands on a working day strictly after the start, for days ≥ 1', () => {
    fc.assert(
      fc.property(dateAndCalendar, fc.integer({ min: 1, max: 120 }), ({ start, cal }, n) => {
        const end = addWorkingDays(start, n, cal);
        expect(end > start).toBe(true);
        expect(isWorkingDay(end, cal)).toBe(true);
      }),
    );
  });

  it('is undone by workingDaysBetween', () => {
    fc.assert(
      fc.property(dateAndCalendar, fc.integer({ min: 0, max: 120 }), ({ start, cal }, n) => {
        expect(workingDaysBetween(start, addWorkingDays(start, n, cal), cal)).toBe(n);
      }),
    );
  });

  it('adds up: n then m working days is n + m', () => {
    fc.assert(
      fc.property(
        dateAndCalendar,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        ({ start, cal }, n, m) => {
          expect(addWorkingDays(addWorkingDays(start, n, cal), m, cal)).toBe(
            addWorkingDays(start, n + m, cal),
          );
        },
      ),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween('2025-11-21', '2025-11-28', ew)).toBe(5);
    expect(workingDaysBetween('2025-11-21', '2025-11-21', ew)).toBe(0);
    expect(workingDaysBetween('2025-11-21', '2025-11-23', ew)).toBe(0);
    expect(workingDaysBetween('2025-11-28', '2025-11-21', ew)).toBe(-5);
    expect(workingDaysBetween('2025-11-23', '2025-11-21', ew)).toBe(0); // +0, not -0
    // 2025-12-19 (Fri) to 2026-01-02 (Fri): 22, 23, 24, 29, 30, 31 Dec and 2 Jan.
    expect(workingDaysBetween('2025-12-19', '2026-01-02', ew)).toBe(7);
    // …and in Scotland 2 January is a holiday.
    expect(workingDaysBetween('2025-12-19', '2026-01-02', scot)).toBe(6);
  });

  it('is antisymmetric and additive', () => {
    fc.assert(
      fc.property(
        dateAndCalendar,
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: -200, max: 200 }),
        ({ start, cal }, i, j) => {
          const a = start;
          const b = toIsoDate(toDayNumber(start) + i);
          const c = toIsoDate(toDayNumber(start) + j);
          expect(workingDaysBetween(b, a, cal)).toBe(0 - workingDaysBetween(a, b, cal));
          expect(workingDaysBetween(a, b, cal) + workingDaysBetween(b, c, cal)).toBe(
            workingDaysBetween(a, c, cal),
          );
        },
      ),
    );
  });
});

describe('londonDate', () => {
  it('follows BST', () => {
    // BST began 01:00 UTC on Sun 30 Mar 2025 and ended 01:00 UTC on Sun 26 Oct 2025.
    expect(londonDate('2025-03-31T23:30:00Z')).toBe('2025-04-01'); // 00:30 BST
    expect(londonDate('2025-03-29T23:30:00Z')).toBe('2025-03-29'); // 23:30 GMT
    expect(londonDate('2025-03-30T00:59:59Z')).toBe('2025-03-30');
    expect(londonDate('2025-10-25T23:30:00Z')).toBe('2025-10-26'); // 00:30 BST
    expect(londonDate('2025-10-26T23:30:00Z')).toBe('2025-10-26'); // 23:30 GMT
    expect(londonDate('2025-01-31T23:59:59.999Z')).toBe('2025-01-31');
    expect(londonDate('2025-06-30T23:00:00Z')).toBe('2025-07-01');
    expect(londonDate('2025-06-30T22:59:59Z')).toBe('2025-06-30');
  });

  it('reads offsets and Date objects', () => {
    expect(londonDate('2025-06-01T00:30:00+01:00')).toBe('2025-06-01');
    expect(londonDate('2025-06-01T08:00:00+10:00')).toBe('2025-05-31'); // 23:00 BST
    expect(londonDate('2025-12-01T01:00:00-05:00')).toBe('2025-12-01'); // 06:00 GMT
    expect(londonDate(new Date(Date.UTC(2025, 2, 31, 23, 30)))).toBe('2025-04-01');
  });

  it('rejects instants without an offset, and nonsense, as bugs', () => {
    expect(() => londonDate('2025-06-01T00:30:00')).toThrow(RangeError);
    expect(() => londonDate('2025-06-01')).toThrow(RangeError);
    expect(() => londonDate('yesterday')).toThrow(RangeError);
    expect(() => londonDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('is the UTC date, or the next day during BST', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const instant = new Date(ms);
        const utc = instant.toISOString().slice(0, 10);
        const london = londonDate(instant.toISOString());
        if (instant.getUTCHours() === 23) {
          expect([utc, toIsoDate(toDayNumber(utc) + 1)]).toContain(london);
        } else {
          expect(london).toBe(utc);
        }
      }),
    );
  });
});
