import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { NATIONS } from '#src/nations.ts';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from '#src/wire/network.ts';
import {
  isWorkingDay,
  londonDate,
  workingDaysBetween,
  type WorkingCalendar,
} from '#src/calendar/working-days.ts';
import {
  URGENT_ACKNOWLEDGE_DAYS,
  URGENT_ACT_DAYS,
  acknowledgeBy,
  actBy,
  clockState,
  describeDeadline,
} from '#src/referral/deadlines.ts';

const ew: WorkingCalendar = { nation: 'england-and-wales', closures: [] };
const scot: WorkingCalendar = { nation: 'scotland', closures: [] };
const defaults = DEFAULT_NETWORK_SETTINGS; // 3 days to acknowledge, 5 more to act

describe('acknowledgeBy', () => {
  it('gives Wednesday for a referral sent at 17:00 on a Friday', () => {
    expect(acknowledgeBy('2025-11-21T17:00:00Z', ew, defaults, false)).toBe('2025-11-26');
  });

  it('does not count the day it was sent, even a weekend', () => {
    expect(acknowledgeBy('2025-11-22T10:00:00Z', ew, defaults, false)).toBe('2025-11-26');
    expect(acknowledgeBy('2025-11-24T08:00:00Z', ew, defaults, false)).toBe('2025-11-27');
  });

  it('skips Christmas', () => {
    // Mon 23 Dec 2024: Tue 24, (25, 26 holidays), Fri 27, Mon 30.
    expect(acknowledgeBy('2024-12-23T10:00:00Z', ew, defaults, false)).toBe('2024-12-30');
  });

  it('skips Easter, by nation', () => {
    // Thu 17 Apr 2025, 10:00 BST. Good Friday 18, Easter Monday 21 (not in Scotland).
    expect(acknowledgeBy('2025-04-17T09:00:00Z', ew, defaults, false)).toBe('2025-04-24');
    expect(acknowledgeBy('2025-04-17T09:00:00Z', scot, defaults, false)).toBe('2025-04-23');
  });

  it('counts from the London date: 23:30Z on 31 March in BST is 1 April', () => {
    expect(londonDate('2025-03-31T23:30:00Z')).toBe('2025-04-01');
    expect(acknowledgeBy('2025-03-31T23:30:00Z', ew, defaults, false)).toBe('2025-04-04');
    expect(acknowledgeBy('2025-03-31T22:30:00Z', ew, defaults, false)).toBe('2025-04-03');
    // In GMT, 23:30Z is still the same day.
    expect(acknowledgeBy('2025-01-30T23:30:00Z', ew, defaults, false)).toBe('2025-02-04');
  });

  it('is shorter for urgent referrals', () => {
    expect(URGENT_ACKNOWLEDGE_DAYS).toBe(1);
    expect(acknowledgeBy('2025-11-21T17:00:00Z', ew, defaults, true)).toBe('2025-11-24');
  });

  it('skips closures, whether on the calendar or in the settings', () => {
    const closed = ['2025-11-24'];
    expect(
      acknowledgeBy('2025-11-21T17:00:00Z', { ...ew, closures: closed }, defaults, false),
    ).toBe('2025-11-27');
    expect(
      acknowledgeBy('2025-11-21T17:00:00Z', ew, { ...defaults, closures: closed }, false),
    ).toBe('2025-11-27');
  });

  it('uses the network’s own limit', () => {
    const settings: NetworkSettings = { ...defaults, acknowledgeDays: 10 };
    expect(acknowledgeBy('2025-11-21T17:00:00Z', ew, settings, false)).toBe('2025-12-05');
  });
});

describe('actBy', () => {
  it('counts a further 5 working days from the London date of acknowledging', () => {
    // Mon 24 Nov 2025 → Tue 25 … Mon 1 Dec.
    expect(actBy('2025-11-24T10:00:00Z', ew, defaults, false)).toBe('2025-12-01');
    // Mon 1 Dec 2025 is St Andrew's Day (30 Nov a Sunday) in Scotland.
    expect(actBy('2025-11-24T10:00:00Z', scot, defaults, false)).toBe('2025-12-02');
  });

  it('skips the New Year, two days of it in Scotland', () => {
    expect(actBy('2024-12-30T09:00:00Z', ew, defaults, false)).toBe('2025-01-07');
    expect(actBy('2024-12-30T09:00:00Z', scot, defaults, false)).toBe('2025-01-08');
  });

  it('is shorter for urgent referrals, and never longer than the network’s', () => {
    expect(URGENT_ACT_DAYS).toBe(2);
    expect(actBy('2025-11-24T10:00:00Z', ew, defaults, true)).toBe('2025-11-26');
    const quick: NetworkSettings = { ...defaults, actDays: 1 };
    expect(actBy('2025-11-24T10:00:00Z', ew, quick, true)).toBe('2025-11-25');
  });

  it('lands on a working day exactly actDays after the acknowledgement, urgent no later', () => {
    const instant = fc
      .integer({ min: Date.UTC(1991, 0, 1), max: Date.UTC(2099, 0, 1) })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...NATIONS),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (at, nation, acknowledgeDays, actDays) => {
          const cal: WorkingCalendar = { nation, closures: [] };
          const settings: NetworkSettings = { acknowledgeDays, actDays, closures: [] };
          const ack = acknowledgeBy(at, cal, settings, false);
          const act = actBy(at, cal, settings, false);
          expect(isWorkingDay(ack, cal) && isWorkingDay(act, cal)).toBe(true);
          expect(workingDaysBetween(londonDate(at), ack, cal)).toBe(acknowledgeDays);
          expect(workingDaysBetween(londonDate(at), act, cal)).toBe(actDays);
          expect(acknowledgeBy(at, cal, settings, true) <= ack).toBe(true);
          expect(actBy(at, cal, settings, true) <= act).toBe(true);
        },
      ),
    );
  });
});

describe('clockState', () => {
  it('compares London dates', () => {
    expect(clockState('2025-11-26', '2025-11-25T23:59:59Z')).toBe('due');
    expect(clockState('2025-11-26', '2025-11-26T00:00:00Z')).toBe('due-today');
    expect(clockState('2025-11-26', '2025-11-26T23:59:59Z')).toBe('due-today');
    expect(clockState('2025-11-26', '2025-11-27T00:00:00Z')).toBe('overdue');
    expect(clockState('2025-11-26', new Date(Date.UTC(2025, 10, 26, 12)))).toBe('due-today');
  });

  it('follows BST', () => {
    expect(clockState('2025-06-02', '2025-06-01T22:59:59Z')).toBe('due');
    expect(clockState('2025-06-02', '2025-06-01T23:30:00Z')).toBe('due-today');
    expect(clockState('2025-06-02', '2025-06-02T23:30:00Z')).toBe('overdue');
  });

  it('rejects a malformed due date as a bug', () => {
    expect(() => clockState('26/11/2025', '2025-11-26T00:00:00Z')).toThrow(RangeError);
  });
});

describe('describeDeadline', () => {
  it('says it plainly', () => {
    expect(describeDeadline('2025-11-26', '2025-11-26T09:00:00Z', ew)).toBe('Due today');
    expect(describeDeadline('2026-11-26', '2026-11-20T09:00:00Z', ew)).toBe('Due Thu 26 Nov');
    expect(describeDeadline('2027-01-04', '2026-12-30T09:00:00Z', ew)).toBe('Due Mon 4 Jan 2027');
  });

  it('counts lateness in working days of the nation', () => {
    // Due Thu 26 Nov 2026; on Mon 30 Nov, Fri 27 and Mon 30 have passed…
    expect(describeDeadline('2026-11-26', '2026-11-30T10:00:00Z', ew)).toBe(
      'Overdue by 2 working days',
    );
    // …but Mon 30 Nov is St Andrew's Day in Scotland.
    expect(describeDeadline('2026-11-26', '2026-11-30T10:00:00Z', scot)).toBe(
      'Overdue by 1 working day',
    );
  });

  it('does not say "by 0 working days" over a weekend', () => {
    expect(describeDeadline('2026-11-27', '2026-11-28T10:00:00Z', ew)).toBe(
      'Overdue since Fri 27 Nov',
    );
  });
});
