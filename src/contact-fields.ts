import { z } from 'zod';
import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { isValid as isPostcode } from 'postcode';
import { isoDate } from '#src/wire/directory.ts';
import { line } from '#src/wire/text.ts';

/**
 * A client's contact details and dates as an adviser types them, checked the
 * same way by the form, the desk's door (main/) and anything else that takes
 * them (#12). Only new input and edits are checked: details stored before
 * these rules still open.
 *
 * Phone numbers are stored as typed (trimmed), as they always were; the
 * store keeps their digits for matching. A number is accepted when
 * libphonenumber-js finds it possible for the UK, or, with a +, for its own
 * country: the right length of digits. Stricter "valid" checks would refuse
 * Ofcom's 07700 900xxx numbers, which people use for practice and training.
 * Postcodes are checked with the `postcode` package (the UK format).
 */

/** Today in the person's own time zone, YYYY-MM-DD (not UTC: a late evening in summer is still today). */
export const localDay = (now: Date = new Date()): string =>
  [
    String(now.getFullYear()).padStart(4, '0'),
    String(now.getMonth() + 1).padStart(2, '0'),
    String(now.getDate()).padStart(2, '0'),
  ].join('-');

/** The same day `years` years before `day` (29 February → 28 February). */
const yearsBefore = (day: string, years: number): string => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const back = new Date(Date.UTC(y - years, m - 1, 1));
  const last = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  back.setUTCDate(Math.min(d, last));
  return back.toISOString().slice(0, 10);
};

/** The oldest a client can be, in years (the directory's age filter agrees). */
export const OLDEST_AGE = 130;
/** How far back an outcome may be dated, in years. */
export const OUTCOME_YEARS_BACK = 20;

/**
 * A YYYY-MM-DD date that is not after today (in the person's local day) and
 * not more than `yearsBack` years ago. `what` names the date in the words.
 */
export const pastDate = (what: string, yearsBack: number, missing?: string) =>
  (missing === undefined ? isoDate : z.iso.date(missing))
    .refine((d) => d <= localDay(), `${what} cannot be in the future`)
    .refine(
      (d) => d >= yearsBefore(localDay(), yearsBack),
      `${what} cannot be more than ${String(yearsBack)} years ago`,
    );

export const dateOfBirthSchema = pastDate('The date of birth', OLDEST_AGE);

export const PHONE_WORDS =
  'Enter a phone number, like 01603 123456, 07700 900123 or +33 1 23 45 67 89';
export const POSTCODE_WORDS = 'Enter a UK postcode, like NR1 3AB';

/** A phone number a person could dial: UK, or international with its + and country code. */
export const isPhoneNumber = (value: string): boolean => {
  if (!/^[+0-9 ().-]+(\s*(ext\.?|x|#)\s*\d{1,6})?$/i.test(value)) return false;
  return isPossiblePhoneNumber(value, 'GB');
};

/** A UK postcode with both halves ("NR1 3AB", any case and spacing). */
export const isUkPostcode = (value: string): boolean => isPostcode(value);

const optional = (max: number) =>
  line(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** A phone number, or blank (null). Stored as typed. */
export const optionalPhoneSchema = optional(40).refine(
  (v) => v === null || isPhoneNumber(v),
  PHONE_WORDS,
);

/** A UK postcode, or blank (null). The store keeps it normalised ("NR1 3AB"). */
export const optionalPostcodeSchema = optional(10).refine(
  (v) => v === null || isUkPostcode(v),
  POSTCODE_WORDS,
);
