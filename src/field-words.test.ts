import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, referralActionSchema, sendReferralsSchema } from '#src/contract.ts';
import {
  fieldErrors,
  issueInWords,
  maxLengthOf,
  maxLengths,
  maxLengthsWhere,
} from '#src/field-words.ts';
import { clientDetailsSchema } from '#src/casework/schemas.ts';

/** zod's own wording, which must never reach a person. */
const RAW = /Too (big|small)|expected|received|<=|>=|Invalid (input|string|option)/;

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  items?: readonly z.core.$ZodType[];
};

/** Every text schema with a limit inside `schema`, with where it is. */
const textLimits = (
  schema: z.core.$ZodType,
  at: string,
  found: { at: string; schema: z.core.$ZodType; max: number }[] = [],
  seen = new Set<z.core.$ZodType>(),
) => {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (def.type === 'string') {
    const max = maxLengthOf(schema);
    if (max !== undefined) found.push({ at, schema, max });
    return found;
  }
  const inner: [string, z.core.$ZodType | undefined][] = [
    ['', def.innerType],
    ['', def.in],
    ['', def.out],
    ['[]', def.element],
    ['', def.left],
    ['', def.right],
    ['{}', def.valueType],
    ...(def.options ?? []).map((o, i): [string, z.core.$ZodType] => [`|${String(i)}`, o]),
    ...(def.items ?? []).map((o, i): [string, z.core.$ZodType] => [`[${String(i)}]`, o]),
    ...Object.entries(def.shape ?? {}).map(([k, v]): [string, z.core.$ZodType] => [`.${k}`, v]),
  ];
  for (const [step, s] of inner) if (s) textLimits(s, `${at}${step}`, found, seen);
  return found;
};

describe('problems in plain words (#12)', () => {
  it('says each kind of problem in words', () => {
    const words = (schema: z.ZodType, value: unknown) =>
      schema.safeParse(value).error?.issues[0]?.message;
    expect(words(z.string().max(200), 'a'.repeat(201))).toBe(
      'Keep this to 200 characters or fewer',
    );
    expect(words(z.string().max(1), 'ab')).toBe('Keep this to 1 character or fewer');
    expect(words(z.string().max(2000), 'a'.repeat(2001))).toBe(
      'Keep this to 2,000 characters or fewer',
    );
    expect(words(z.string().min(1), '')).toBe('Fill this in');
    expect(words(z.string().min(12), 'short')).toBe('Use at least 12 characters');
    expect(words(z.int().max(100), 101)).toBe('Enter a number no bigger than 100');
    expect(words(z.int().min(1), 0)).toBe('Enter a number of at least 1');
    expect(words(z.int(), 1.5)).toBe('Enter a whole number');
    expect(words(z.number(), 'abc')).toBe('Enter a number');
    expect(words(z.string(), undefined)).toBe('Fill this in');
    expect(words(z.array(z.string()).min(1), [])).toBe('Choose at least one');
    expect(words(z.array(z.string()).max(3), ['a', 'b', 'c', 'd'])).toBe(
      'Choose no more than 3 items',
    );
    expect(words(z.email(), 'nobody')).toBe('Enter an email address like name@example.org');
    expect(words(z.iso.date(), '2026-02-30')).toBe('Enter a real date, for example 27 3 2026');
    expect(words(z.enum(['a', 'b']), 'c')).toBe('Choose one of the options');
    expect(words(z.string().regex(/^x$/), 'y')).toBe(
      'Check this answer: it is not in the form expected',
    );
    // A schema's own words come first.
    expect(words(z.string().max(5, 'Five at most'), 'toolong')).toBe('Five at most');
  });

  it('the mapper alone is pure and total', () => {
    expect(
      issueInWords({ code: 'too_big', origin: 'string', maximum: 10, inclusive: true, input: '' }),
    ).toBe('Keep this to 10 characters or fewer');
    expect(
      issueInWords({ code: 'too_big', origin: 'string', maximum: 10, inclusive: false, input: '' }),
    ).toBe('Keep this to 9 characters or fewer');
    expect(issueInWords({ code: 'custom', input: 1 })).toBe('Check this answer');
    expect(
      fieldErrors([
        { path: ['a', 'b'], message: 'x' },
        { path: ['a', 'b'], message: 'y' },
      ]),
    ).toEqual({
      'a.b': 'x',
    });
  });

  it('every text limit on every channel of the contract is said in words', () => {
    const limits = Object.entries(contract).flatMap(([name, c]) =>
      textLimits(c.request as z.core.$ZodType, name),
    );
    // Enough to mean something: the contract has well over a hundred limited fields.
    expect(limits.length).toBeGreaterThan(100);
    const raw = limits.flatMap(({ at, schema, max }) => {
      const parsed = (schema as z.ZodType).safeParse('a'.repeat(max + 1));
      const messages = parsed.success ? ['(accepted)'] : parsed.error.issues.map((i) => i.message);
      return messages.filter((m) => RAW.test(m) || m === '(accepted)').map((m) => `${at}: ${m}`);
    });
    expect(raw).toEqual([]);
  });

  it('a form field’s maxlength is its schema’s limit', () => {
    expect(maxLengths(clientDetailsSchema)).toMatchObject({
      name: 200,
      email: 320,
      postcode: 10,
      phone: 40,
    });
    expect(maxLengthOf(z.string())).toBeUndefined();
    // Nested fields are named as their errors are; a union's option by its tag.
    expect(maxLengths<string>(sendReferralsSchema)['consent.representativeName']).toBe(200);
    expect(maxLengthsWhere<'text'>(referralActionSchema, 'action', 'note').text).toBe(5000);
    expect(maxLengthsWhere<'text'>(referralActionSchema, 'action', 'withdraw').text).toBe(2000);
    expect(maxLengthOf(z.union([z.literal(''), z.email().max(320)]).nullable())).toBe(320);
  });
});
