import { describe, expect, it } from 'vitest';
import { clientDetailsSchema, outcomeInputSchema } from '#src/casework/schemas.ts';
import { yearlyGainPence } from '#src/casework/gains.ts';
import {
  isPhoneNumber,
  isUkPostcode,
  localDay,
  PHONE_WORDS,
  POSTCODE_WORDS,
} from '#src/contact-fields.ts';
import { clientInputSchema } from '#src/contract.ts';

const DAY = 24 * 60 * 60 * 1000;
const tomorrow = () => localDay(new Date(Date.now() + DAY));

const client = {
  name: 'Test Client',
  dateOfBirth: null,
  phone: '',
  email: '',
  address: '',
  postcode: '',
  preferredContact: null,
};
const details = {
  ...client,
  otherNames: '',
  contactNotes: '',
  household: '',
  language: '',
  interpreterNeeded: false,
  accessibilityNeeds: '',
  vulnerabilities: [],
};

/** Both client schemas (the desk's door for `clients.create` and `clients.save`) agree. */
const problems = (fields: Record<string, unknown>) =>
  [
    clientInputSchema.safeParse({ ...client, ...fields }),
    clientDetailsSchema.safeParse({ ...details, ...fields }),
  ].map((r) =>
    r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message])),
  );

describe('a client’s contact details and dates (#12)', () => {
  it('phone numbers: UK or international, refused when they cannot be dialled', () => {
    for (const ok of [
      '01603 123456',
      '07700 900123',
      '(01603) 612 345',
      '+33 1 23 45 67 89',
      '+1 212 555 0100',
      '07911 123456 ext 2',
    ])
      expect([ok, isPhoneNumber(ok)]).toEqual([ok, true]);
    for (const bad of ['abc', '12345', '07700 900123 abc', '+33 12', '0160312345678901'])
      expect([bad, isPhoneNumber(bad)]).toEqual([bad, false]);
    expect(problems({ phone: 'abc' })).toEqual([{ phone: PHONE_WORDS }, { phone: PHONE_WORDS }]);
    expect(problems({ phone: '+33 1 23 45 67 89' })).toEqual([{}, {}]);
    // Stored as typed (trimmed), as phone numbers always were.
    expect(clientDetailsSchema.parse({ ...details, phone: ' 01603 123456 ' }).phone).toBe(
      '01603 123456',
    );
  });

  it('postcodes: a UK postcode in any case and spacing', () => {
    expect(isUkPostcode('nr13ab')).toBe(true);
    expect(isUkPostcode('SW1A 1AA')).toBe(true);
    expect(isUkPostcode('ZZZZZZZZZZ')).toBe(false);
    expect(isUkPostcode('NR1')).toBe(false);
    expect(problems({ postcode: 'ZZZZZZZZZZ' })).toEqual([
      { postcode: POSTCODE_WORDS },
      { postcode: POSTCODE_WORDS },
    ]);
    expect(problems({ postcode: '' })).toEqual([{}, {}]);
  });

  it('a date of birth is not in the future (the local day) nor absurdly old', () => {
    expect(problems({ dateOfBirth: tomorrow() })).toEqual([
      { dateOfBirth: 'The date of birth cannot be in the future' },
      { dateOfBirth: 'The date of birth cannot be in the future' },
    ]);
    expect(problems({ dateOfBirth: '1850-01-01' })).toEqual([
      { dateOfBirth: 'The date of birth cannot be more than 130 years ago' },
      { dateOfBirth: 'The date of birth cannot be more than 130 years ago' },
    ]);
    expect(problems({ dateOfBirth: localDay() })).toEqual([{}, {}]);
    expect(problems({ dateOfBirth: '1930-02-28' })).toEqual([{}, {}]);
  });

  it('the local day is the calendar day where the person is, not in UTC', () => {
    // 23:30 on 30 June where the desk is: still 30 June, whatever UTC says.
    expect(localDay(new Date(2026, 5, 30, 23, 30))).toBe('2026-06-30');
    expect(localDay(new Date(2026, 0, 1, 0, 5))).toBe('2026-01-01');
  });
});

describe('outcomes (#12)', () => {
  const outcome = {
    caseId: '00000000-0000-4000-8000-000000000001',
    kind: 'benefit-gained' as const,
    type: 'Attendance Allowance',
    amount: '100',
    period: 'one-off' as const,
  };

  it('cannot be achieved in the future, nor decades ago', () => {
    const words = (achievedOn: string) => {
      const r = outcomeInputSchema.safeParse({ ...outcome, achievedOn });
      return r.success ? null : r.error.issues.map((i) => i.message);
    };
    expect(words(tomorrow())).toEqual(['The date achieved cannot be in the future']);
    expect(words('1990-01-01')).toEqual(['The date achieved cannot be more than 20 years ago']);
    expect(words(localDay())).toBeNull();
  });

  it('the year’s gains leave out an outcome dated after today', () => {
    const today = '2026-12-02';
    const outcomes = [
      { amountPence: 1000, period: 'weekly' as const, achievedOn: '2026-11-30' },
      { amountPence: 5000, period: 'one-off' as const, achievedOn: today },
      // Stored before dates were checked: has not happened, so not a gain yet.
      { amountPence: 99_900, period: 'yearly' as const, achievedOn: '2026-12-03' },
      { amountPence: null, period: 'one-off' as const, achievedOn: '2026-01-01' },
    ];
    expect(yearlyGainPence(outcomes, today)).toBe(1000 * 52 + 5000);
  });
});
