import { describe, expect, it } from 'vitest';
import type { DeskReferral } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { explainRefusal } from '#renderer/features/referrals/race.ts';

const actor = {
  userId: '0190a000-0000-7000-8000-00000000d001',
  name: 'Dan Colleague',
  organisationId: '0190a000-0000-7000-8000-00000000f001',
  organisationName: 'Riverside Foodbank',
};

const moved: DeskReferral = {
  direction: 'incoming',
  waitingToSend: false,
  refused: null,
  clientId: null,
  referral: {
    id: '0190a000-0000-7000-8000-00000000a001',
    status: 'acknowledged',
    from: { organisationId: '0190a000-0000-7000-8000-00000000f002', organisationName: 'Northgate' },
    to: {
      organisationId: actor.organisationId,
      organisationName: actor.organisationName,
      serviceId: '0190a000-0000-7000-8000-00000000b001',
      serviceName: 'Emergency food parcels',
    },
    issues: ['food-support'],
    postcodeDistrict: 'NR1',
    urgent: false,
    sentAt: '2026-11-23T09:00:00.000Z',
    acknowledgeBy: '2026-11-26',
    actBy: '2026-12-03',
    payload: {
      client: {
        name: 'Tess Inbox',
        dateOfBirth: null,
        phone: null,
        email: null,
        address: null,
        postcode: null,
        preferredContact: null,
      },
      needs: 'Food for two this week.',
    },
    consent: {
      givenBy: 'client',
      representativeName: null,
      method: 'in-person',
      at: '2026-11-23T08:55:00.000Z',
      recordedBy: 'Alice Adviser',
      shared: ['name'],
    },
    events: [
      {
        id: '0190a000-0000-7000-8000-00000000e001',
        type: 'acknowledged',
        at: '2026-11-23T10:02:00.000Z',
        actor,
        data: {},
      },
    ],
  },
};

/**
 * A press refused on this desk because it had already heard the referral
 * moved on (#3): said like a race the server decided, naming who did it.
 */
describe('explaining a refusal before sending', () => {
  it('names who moved the referral on, and when', () => {
    expect(explainRefusal('not-allowed-now', moved)).toBe(
      'Dan Colleague at Riverside Foodbank acknowledged this referral at 23 Nov, 10:02, before your action reached the network, so yours was not applied. Nothing else has changed.',
    );
  });

  it('falls back to the reason’s words when it was not a race or nothing newer is known', () => {
    expect(explainRefusal('wrong-side', moved)).toBe(reasonText('wrong-side'));
    expect(explainRefusal('not-allowed-now', null)).toBe(reasonText('not-allowed-now'));
    expect(
      explainRefusal('not-allowed-now', { ...moved, referral: { ...moved.referral, events: [] } }),
    ).toBe(reasonText('not-allowed-now'));
  });
});
