import { describe, expect, it } from 'vitest';
import type { ReferralUpdate } from '#src/contract.ts';
import { REFERRAL_EVENT_TYPES } from '#src/wire/referral.ts';
import { updateText } from '#src/referral/update-words.ts';

const update = (type: ReferralUpdate['type'], toYou?: boolean) => ({
  type,
  actorName: 'Bob Receiver',
  actorOrganisation: 'Riverside Foodbank',
  clientName: 'Tess Inbox',
  ...(toYou === undefined ? {} : { toYou }),
});

/** Every kind of update, as the sentence a person reads (#12). */
const EXPECTED: Record<ReferralUpdate['type'], string> = {
  sent: 'Bob Receiver (Riverside Foodbank) sent a referral for Tess Inbox',
  acknowledged: 'Bob Receiver (Riverside Foodbank) acknowledged the referral for Tess Inbox',
  accepted: 'Bob Receiver (Riverside Foodbank) accepted the referral for Tess Inbox',
  declined: 'Bob Receiver (Riverside Foodbank) declined the referral for Tess Inbox',
  'unable-to-contact':
    'Bob Receiver (Riverside Foodbank) could not contact Tess Inbox and closed the referral',
  'contact-recorded': 'Bob Receiver (Riverside Foodbank) made first contact with Tess Inbox',
  closed: 'Bob Receiver (Riverside Foodbank) closed the referral for Tess Inbox with an outcome',
  withdrawn: 'Bob Receiver (Riverside Foodbank) withdrew the referral for Tess Inbox',
  expired: 'Riverside Foodbank closed the referral for Tess Inbox because no response came in time',
  note: 'Bob Receiver (Riverside Foodbank) added a note to the referral for Tess Inbox',
  claimed: 'Bob Receiver (Riverside Foodbank) took on the referral for Tess Inbox',
  assigned: 'Bob Receiver (Riverside Foodbank) gave a colleague the referral for Tess Inbox',
  'document-attached':
    'Bob Receiver (Riverside Foodbank) attached a document to the referral for Tess Inbox',
  erased:
    'Bob Receiver (Riverside Foodbank) erased the details in the referral for Tess Inbox at the client’s request',
};

describe('updateText', () => {
  it.each(REFERRAL_EVENT_TYPES)('reads as a plain sentence for a %s update', (type) => {
    expect(updateText(update(type))).toBe(EXPECTED[type]);
  });

  it('tells a person a colleague gave them the referral', () => {
    expect(updateText(update('assigned', true))).toBe(
      'Bob Receiver (Riverside Foodbank) gave you the referral for Tess Inbox',
    );
  });
});
