import { describe, expect, it } from 'vitest';
import type { ServiceHit } from '#src/directory/search.ts';
import type { Service } from '#src/wire/directory.ts';
import { mayRedirect } from '#src/referral/lifecycle.ts';
import { redirectAlternatives, redirectSearches, withoutDecliner } from '#src/referral/redirect.ts';

/**
 * Where a redirect looks (#12): never at the service or agency that declined,
 * and wider (the whole network) when nothing near the client fits, saying so.
 */
const declined = {
  organisationId: 'org-riverside',
  organisationName: 'Riverside Foodbank',
  serviceId: 'svc-parcels',
  serviceName: 'Emergency food parcels',
};

const hit = (id: string, organisationId: string, excluded = false): ServiceHit => ({
  service: { id, organization_id: organisationId } as Service,
  receivingNow: true,
  exclusions: excluded ? [{ rule: 'age', words: 'Over 60s only' } as never] : [],
  specific: 0,
});

describe('redirect suggestions', () => {
  it('never include the service that declined, nor another service of its agency', () => {
    const hits = [
      hit('svc-parcels', 'org-riverside'),
      hit('svc-riverside-pantry', 'org-riverside'),
      hit('svc-community-pantry', 'org-eastfield'),
      hit('svc-elders-lunch', 'org-eastfield', true),
    ];
    expect(withoutDecliner(hits, declined).map((h) => h.service.id)).toEqual([
      'svc-community-pantry',
      'svc-elders-lunch',
    ]);
    // In one press, only services whose rules let the client in.
    expect(redirectAlternatives(hits, declined).map((h) => h.service.id)).toEqual([
      'svc-community-pantry',
    ]);
    expect(redirectAlternatives([hit('svc-parcels', 'org-riverside')], declined)).toEqual([]);
  });

  it('look near the client first, then anywhere in the network, saying what was let go of', () => {
    expect(redirectSearches({ issues: ['food-support', 'debt'], postcodeDistrict: 'NR1' })).toEqual(
      [
        { issue: 'food-support', area: 'NR1', widened: null },
        { issue: 'food-support', area: '', widened: 'any-area' },
      ],
    );
    // No area to start with: nothing to widen.
    expect(redirectSearches({ issues: ['debt'], postcodeDistrict: null })).toEqual([
      { issue: 'debt', area: '', widened: null },
    ]);
  });

  it('are offered only once a referral ended without help and was not sent on yet', () => {
    expect(mayRedirect('declined')).toBe(true);
    expect(mayRedirect('no-response', [])).toBe(true);
    expect(mayRedirect('declined', [{ id: 'x' }])).toBe(false);
    expect(mayRedirect('accepted')).toBe(false);
  });
});
