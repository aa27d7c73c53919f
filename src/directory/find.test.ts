import { describe, expect, it } from 'vitest';
import { ageFromText, AREA_WORDS, directoryFindSchema } from '#src/directory/find.ts';
import { fieldErrors } from '#src/field-words.ts';

const find = {
  text: '',
  issue: null,
  area: '',
  age: null,
  receivingNow: false,
  selfReferral: false,
  clientId: null,
};
const problems = (fields: Record<string, unknown>) => {
  const r = directoryFindSchema.safeParse({ ...find, ...fields });
  return r.success ? {} : fieldErrors(r.error.issues);
};

describe('the directory search says what is wrong with it (#12)', () => {
  it('a search longer than it takes', () => {
    expect(problems({ text: 'a'.repeat(201) })).toEqual({
      text: 'Keep your search to 200 characters or fewer',
    });
  });

  it('an area that is not a postcode, short or long', () => {
    expect(problems({ area: 'Norwich' })).toEqual({ area: AREA_WORDS });
    expect(problems({ area: 'Norwich city centre' })).toEqual({ area: AREA_WORDS });
    expect(problems({ area: 'nr1 3ab' })).toEqual({});
    expect(directoryFindSchema.parse({ ...find, area: 'nr1 3ab' }).area).toBe('NR1');
  });

  it('an age that is not whole years is refused, never read as "any age"', () => {
    expect(ageFromText('')).toBeNull();
    expect(ageFromText(' 42 ')).toBe(42);
    for (const typed of ['abc', '4.5', '-3', '1e2', '0x10', '1000'])
      expect(problems({ age: ageFromText(typed) })).toEqual({
        age: 'Enter an age in whole years',
      });
    expect(problems({ age: 131 })).toEqual({ age: 'Enter an age of 130 or under' });
  });
});
