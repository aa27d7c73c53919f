import { z } from 'zod';

/**
 * Plain words for what is wrong with a field (#12). A schema may say its own
 * words ("Enter the client’s name"); every other problem zod finds — a limit,
 * a wrong kind of value, a bad format — is said here, once, for every form
 * on the desk, main's door and the server, instead of zod's own messages
 * ("Too big: expected string to have <=200 characters").
 *
 * Importing this module installs `issueInWords` as zod's error map; the
 * schemas' own messages still come first. The mapping itself is pure.
 */

type Issue = z.core.$ZodRawIssue;

const count = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const tooBig = (issue: Extract<Issue, { code: 'too_big' }>): string => {
  const limit = Number(issue.maximum);
  const max = issue.inclusive === false ? limit - 1 : limit;
  switch (issue.origin) {
    case 'string':
      return issue.exact === true
        ? `Use exactly ${count(limit, 'character', 'characters')}`
        : `Keep this to ${count(max, 'character', 'characters')} or fewer`;
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive === false
        ? `Enter a number less than ${limit.toLocaleString('en-GB')}`
        : `Enter a number no bigger than ${limit.toLocaleString('en-GB')}`;
    case 'array':
    case 'set':
      return `Choose no more than ${count(max, 'item', 'items')}`;
    case 'file':
      return `Choose a file no bigger than ${count(Math.floor(max / 1_000_000), 'MB', 'MB')}`;
    case 'date':
      return 'Enter an earlier date';
    default:
      return 'This is too long or too big';
  }
};

const tooSmall = (issue: Extract<Issue, { code: 'too_small' }>): string => {
  const limit = Number(issue.minimum);
  const min = issue.inclusive === false ? limit + 1 : limit;
  switch (issue.origin) {
    case 'string':
      if (issue.exact === true) return `Use exactly ${count(limit, 'character', 'characters')}`;
      return min <= 1 ? 'Fill this in' : `Use at least ${count(min, 'character', 'characters')}`;
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive === false
        ? `Enter a number more than ${limit.toLocaleString('en-GB')}`
        : `Enter a number of at least ${limit.toLocaleString('en-GB')}`;
    case 'array':
    case 'set':
      return min <= 1 ? 'Choose at least one' : `Choose at least ${count(min, 'item', 'items')}`;
    case 'file':
      return 'Choose a file that is not empty';
    case 'date':
      return 'Enter a later date';
    default:
      return 'This is too short or too small';
  }
};

const FORMAT_WORDS: Partial<Record<string, string>> = {
  email: 'Enter an email address like name@example.org',
  date: 'Enter a real date, for example 27 3 2026',
  datetime: 'Enter a real date and time',
  time: 'Enter a real time, for example 14:30',
  url: 'Enter a web address like https://example.org',
  uuid: 'This link is not valid any more. Go back and try again.',
  guid: 'This link is not valid any more. Go back and try again.',
};

const invalidType = (issue: Extract<Issue, { code: 'invalid_type' }>): string => {
  if (issue.input === undefined || issue.input === null) return 'Fill this in';
  switch (issue.expected) {
    case 'number':
      return 'Enter a number';
    case 'int':
      return 'Enter a whole number';
    case 'string':
      return 'Enter some text';
    case 'boolean':
      return 'Choose yes or no';
    case 'date':
      return 'Enter a real date';
    default:
      return 'Check this answer: it is not the kind expected';
  }
};

/** Plain words for one problem zod found; a schema's own words win over these. */
export const issueInWords = (issue: Issue): string => {
  switch (issue.code) {
    case 'too_big':
      return tooBig(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_type':
      return invalidType(issue);
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'Check this answer: it is not in the form expected';
    case 'invalid_value':
      return issue.values.length > 1 ? 'Choose one of the options' : 'Check this answer';
    case 'not_multiple_of':
      return `Enter a number in steps of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'Something unexpected was sent. Reload the page and try again.';
    default:
      return 'Check this answer';
  }
};

z.config({ customError: issueInWords });

/** Field errors by field name ("a.b" for nested fields): the first problem of each. */
export const fieldErrors = (
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Partial<Record<string, string>> => {
  const errors: Partial<Record<string, string>> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
};

/** One sentence for a request that did not parse, for a person to read. */
export const problemsInWords = (issues: readonly { message: string }[]): string =>
  [...new Set(issues.map((i) => i.message))].join('. ');

type AnySchema = z.core.$ZodType;
/** The parts of zod's schema definitions the walk below reads. */
type Def = {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  options?: readonly AnySchema[];
  shape?: Record<string, AnySchema>;
};
const defOf = (schema: AnySchema): Def => schema._zod.def;

/**
 * The most characters a text field's schema takes, through the wrappers a
 * form's schemas use (nullable, optional, default, transforms, a union with
 * ''), or undefined when it has no limit. Forms give it to `maxlength`, so
 * the field and the schema cannot disagree.
 */
export const maxLengthOf = (schema: AnySchema): number | undefined => {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      // zod's own reading of the string's checks (its `bag` fills only on first use).
      const max = (schema as { maxLength?: number | null }).maxLength;
      return typeof max === 'number' && Number.isFinite(max) ? max : undefined;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType && maxLengthOf(def.innerType);
    case 'pipe':
      return (def.in && maxLengthOf(def.in)) ?? (def.out && maxLengthOf(def.out));
    case 'union': {
      const limits = (def.options ?? [])
        .map(maxLengthOf)
        .filter((n): n is number => n !== undefined);
      return limits.length === 0 ? undefined : Math.max(...limits);
    }
    default:
      return undefined;
  }
};

/** The schema inside optional, nullable, default and transform wrappers. */
const unwrapped = (schema: AnySchema): AnySchema => {
  const def = defOf(schema);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  return inner ? unwrapped(inner) : schema;
};

/**
 * Every text field's limit in an object schema (also one wrapped in a
 * transform), by key; a nested object's fields as "contact.name", as
 * `fieldErrors` names them.
 */
export const maxLengths = <T extends string>(schema: AnySchema): Partial<Record<T, number>> => {
  const def = defOf(unwrapped(schema));
  if (def.type !== 'object') return {};
  const limits: Partial<Record<string, number>> = {};
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const max = maxLengthOf(field);
    if (max !== undefined) limits[key] = max;
    for (const [inner, n] of Object.entries(maxLengths(field))) limits[`${key}.${inner}`] = n;
  }
  return limits;
};

/** `maxLengths` of the option of a union whose `key` is the literal `value` (a referral action's form). */
export const maxLengthsWhere = <T extends string>(
  schema: AnySchema,
  key: string,
  value: string,
): Partial<Record<T, number>> => {
  for (const option of defOf(schema).options ?? []) {
    const tag = defOf(option).shape?.[key];
    const values = tag ? (tag._zod.def as unknown as { values?: readonly unknown[] }).values : [];
    if (values?.includes(value)) return maxLengths<T>(option);
  }
  return {};
};
