import { describe, expect, it } from 'vitest';
import { currentHolder } from '#src/referral/holder.ts';
import type { ReferralEvent } from '#src/wire/referral.ts';

const BOB = '01920000-0000-7000-8000-0000000000b2';
const DAN = '01920000-0000-7000-8000-0000000000b3';
let n = 0;
const event = (
  type: ReferralEvent['type'],
  actor: { userId: string | null; name: string },
  data: ReferralEvent['data'] = {},
): ReferralEvent => ({
  id: `01920000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  type,
  at: `2026-11-20T10:0${String(n % 10)}:00.000Z`,
  actor: { ...actor, organisationId: null, organisationName: 'Riverside Foodbank' },
  data,
});

describe('currentHolder', () => {
  it('is nobody until someone claims or is assigned the referral', () => {
    expect(currentHolder([])).toBeNull();
    expect(
      currentHolder([
        event('sent', { userId: null, name: 'A' }),
        event('acknowledged', { userId: BOB, name: 'Bob' }),
      ]),
    ).toBeNull();
  });

  it('is the claimer, then whoever it is assigned to, and the latest wins', () => {
    const claimed = event('claimed', { userId: BOB, name: 'Bob Receiver' });
    expect(currentHolder([claimed])).toEqual({
      userId: BOB,
      name: 'Bob Receiver',
      at: claimed.at,
      assignedBy: null,
    });
    const assigned = event(
      'assigned',
      { userId: BOB, name: 'Bob Receiver' },
      { userId: DAN, name: 'Dan Colleague' },
    );
    const later = [claimed, assigned, event('note', { userId: BOB, name: 'Bob Receiver' })];
    expect(currentHolder(later)).toEqual({
      userId: DAN,
      name: 'Dan Colleague',
      at: assigned.at,
      assignedBy: 'Bob Receiver',
    });
  });

  it('ignores an assignment whose details are unreadable rather than inventing a holder', () => {
    expect(
      currentHolder([event('assigned', { userId: BOB, name: 'Bob' }, { userId: 7 })]),
    ).toBeNull();
  });
});
