import { z } from 'zod';

/**
 * The one way a date or a time on the wire is checked (issue #12). ISO 8601
 * has a year 0000 (1 BC), which a regular expression passes but PostgreSQL
 * refuses ("date/time field value out of range"): a filter "from 0000-01-01"
 * answered 500. Build every date and date-time schema here.
 */
const realYear = (s: string): boolean => !s.startsWith('0000');
/** Also after its offset: 0001-01-01T00:00+01:00 is in year 0 in UTC, which the server's clock reads. */
const realMoment = (s: string): boolean => new Date(s).getUTCFullYear() >= 1;

/** A calendar date, `YYYY-MM-DD`. */
export const day = (message = 'Enter a date like 2026-11-23') =>
  z.iso.date(message).refine(realYear, message);

/** A moment, `YYYY-MM-DDTHH:MM:SS…` in UTC (`Z`), or with an offset when `offset` is set. */
export const instant = ({ offset = false, message = 'Enter a date and time' } = {}) =>
  z.iso.datetime({ offset, message }).refine(realMoment, message);
