import { z } from 'zod';

/**
 * The one string schema for text that crosses a boundary (issue #12): the
 * server's routes, the public forms and the desk's IPC door all build their
 * strings here, so text no store can hold (NUL: PostgreSQL refuses it) or
 * no person meant (control characters, unpaired surrogates, which no UTF-8
 * store can keep) is refused with the reason `invalid-text`, never a 500.
 * `src/wire/text.test.ts` walks every schema in src/ to keep it so.
 */

export const INVALID_TEXT = 'invalid-text';

/** Half of a UTF-16 pair without its other half: not text, and not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** One line: no control character at all (C0, DEL, C1), nor a line or paragraph separator. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_IN_A_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
/** Several lines: new lines and tabs are fine, other control characters are not. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** What no database can keep, whatever the field. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NEVER = /\u0000/;

const refuse = (bad: RegExp, message: string) => ({
  check: (s: string): boolean => !bad.test(s) && !LONE_SURROGATE.test(s),
  params: { message, params: { reason: INVALID_TEXT } },
});

const LINE = refuse(
  NOT_IN_A_LINE,
  'Type this on one line, without invisible characters (they can come with pasted text).',
);
const TEXT = refuse(
  NOT_IN_TEXT,
  'This has invisible characters that cannot be kept (they can come with pasted text). Type it again.',
);
const STORED = refuse(NEVER, 'This has characters that cannot be kept.');

/** Single-line text a person types (a name, a title, a search): trimmed, at most `max` characters. */
export const line = (max: number, tooLong?: string) =>
  z.string().trim().max(max, tooLong).refine(LINE.check, LINE.params);

/**
 * Multi-line text (a note, a description): trimmed, at most `max` characters;
 * new lines and tabs allowed, and Windows' and old Macs' line ends (a browser
 * form sends CR LF) kept as plain new lines.
 */
export const text = (max: number, tooLong?: string) =>
  z
    .string()
    .overwrite((s) => s.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max, tooLong)
    .refine(TEXT.check, TEXT.params);

/**
 * A password or passphrase: kept exactly as typed (never trimmed), but
 * without control characters, which no keyboard types into a password field.
 */
export const secret = (max: number, tooLong?: string) =>
  z.string().max(max, tooLong).refine(LINE.check, LINE.params);

/** A web address (`https://…`) on one line: `z.url()` alone lets NUL and tabs through. */
export const link = (max: number, message: string) =>
  z.url(message).max(max).refine(LINE.check, LINE.params);

/**
 * Text the server sends back, checked on its way in: refuses only what no
 * database can hold (NUL, unpaired surrogates), so rows kept before these
 * rules still read.
 */
export const stored = () => z.string().refine(STORED.check, STORED.params);

/** Any JSON value whose strings are `stored()` text (a referral event's details). */
export type StoredJson =
  string | number | boolean | null | StoredJson[] | { [key: string]: StoredJson };
export const storedJson: z.ZodType<StoredJson> = z.lazy(() =>
  z.union([
    stored(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(storedJson),
    z.record(stored(), storedJson),
  ]),
);

type Issue = z.core.$ZodIssue;

const isInvalidText = (issue: Issue): boolean =>
  (issue.code === 'custom' && issue.params?.['reason'] === INVALID_TEXT) ||
  (issue.code === 'invalid_union' && issue.errors.some((branch) => branch.some(isInvalidText)));

/** The failure was text that cannot be kept: answer `invalid-text` rather than a generic refusal. */
export const hasInvalidText = (error: z.ZodError): boolean => error.issues.some(isInvalidText);
