import { describe, expect, it } from 'vitest';
import { londonInstant, londonTime } from '#src/calendar/working-days.ts';
import { contactTimeProblem, firstContact, firstContactText } from '#src/referral/first-contact.ts';
import type { ReferralEvent } from '#src/wire/referral.ts';

const event = (type: ReferralEvent['type'], at: string, data: ReferralEvent['data'] = {}) => ({
  id: '01920000-0000-7000-8000-000000000001',
  type,
  at,
  actor: { userId: null, name: 'Bob Receiver', organisationId: null, organisationName: 'R' },
  data,
});

describe('first contact (#12)', () => {
  const sentAt = '2027-03-01T09:30:45.000Z';
  const now = new Date('2027-03-03T12:00:00.000Z');

  it('may be back-dated to any time since the referral was sent, to the minute, but not the future', () => {
    expect(contactTimeProblem('2027-03-03T10:15:00.000Z', sentAt, now)).toBeNull();
    expect(contactTimeProblem('2027-03-01T09:30:00.000Z', sentAt, now)).toBeNull();
    expect(contactTimeProblem('2027-03-01T09:29:00.000Z', sentAt, now)).toBe('contact-before-sent');
    expect(contactTimeProblem('2027-03-03T12:04:00.000Z', sentAt, now)).toBeNull();
    expect(contactTimeProblem('2027-03-03T12:06:00.000Z', sentAt, now)).toBe('contact-in-future');
  });

  it('is read from the event: the recorded time and method, not when the button was pressed', () => {
    const events = [
      event('accepted', '2027-03-02T09:00:00.000Z'),
      event('contact-recorded', '2027-03-03T12:00:00.000Z', {
        method: 'phone',
        contactedAt: '2027-03-03T10:15:00.000Z',
      }),
    ];
    const contact = firstContact(events);
    expect(contact).toEqual({
      at: '2027-03-03T10:15:00.000Z',
      method: 'phone',
      by: 'Bob Receiver',
    });
    expect(contact && firstContactText(contact, (iso) => `<${iso}>`)).toBe(
      'First contact: phone, <2027-03-03T10:15:00.000Z>',
    );
    // Recorded before contact had a time and a method: when it was recorded, no method.
    const old = firstContact([event('contact-recorded', '2027-03-02T11:00:00.000Z')]);
    expect(old).toEqual({ at: '2027-03-02T11:00:00.000Z', method: null, by: 'Bob Receiver' });
    expect(firstContact([event('accepted', '2027-03-02T09:00:00.000Z')])).toBeNull();
  });

  it('turns a London date and time into an instant, in winter and in summer', () => {
    expect(londonInstant('2027-03-03', '10:15')).toBe('2027-03-03T10:15:00.000Z');
    expect(londonInstant('2027-07-03', '10:15')).toBe('2027-07-03T09:15:00.000Z');
    expect(londonTime('2027-07-03T09:15:00.000Z')).toBe('10:15');
    // The hour the clocks go back happens twice: the first is meant.
    expect(londonInstant('2027-10-31', '01:30')).toBe('2027-10-31T00:30:00.000Z');
    expect(londonInstant('2027-02-30', '10:00')).toBeNull();
    expect(londonInstant('2027-03-03', '')).toBeNull();
  });
});
