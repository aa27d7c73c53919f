import { describe, expect, it } from 'vitest';
import { searchServices } from '#src/directory/search.ts';
import { serviceSchema, type Service } from '#src/wire/directory.ts';

const service = (over: Partial<Service> & Pick<Service, 'id' | 'name'>): Service =>
  serviceSchema.parse({
    organization_id: '0190c0de-0000-7000-8000-000000000001',
    organization_name: 'Riverside Foodbank',
    description: '',
    issues: [],
    areas: [],
    email: null,
    phone: null,
    accepts_self_referral: false,
    receiving: { state: 'receiving', until: null, reason: null },
    updated_at: '2026-11-01T09:00:00Z',
    ...over,
  });

const food = service({
  id: '0190c0de-0000-7000-8000-0000000000a1',
  name: 'Emergency food parcels',
  description: 'Three days of food for a household in crisis.',
  issues: ['food-support'],
});
const debt = service({
  id: '0190c0de-0000-7000-8000-0000000000a2',
  name: 'Debt advice',
  organization_name: 'Northgate Advice Centre',
  description: 'Help with priority debts, bailiffs and insolvency.',
  issues: ['debt', 'financial-capability'],
  receiving: { state: 'paused', until: '2026-12-01', reason: 'Adviser on leave' },
});
const energy = service({
  id: '0190c0de-0000-7000-8000-0000000000a3',
  name: 'Energy debt grants',
  description: 'Grants to clear energy arrears.',
  issues: ['utilities', 'debt'],
});

describe('searchServices', () => {
  it('matches word starts in any field, in any order', () => {
    expect(searchServices([food, debt, energy], { text: 'parcel food', issue: null })).toEqual([
      food,
    ]);
    expect(searchServices([food, debt, energy], { text: 'northgate', issue: null })).toEqual([
      debt,
    ]);
    expect(searchServices([food, debt, energy], { text: 'insolv', issue: null })).toEqual([debt]);
  });

  it('finds services by the label of their issue category', () => {
    expect(searchServices([food, debt, energy], { text: 'food support', issue: null })).toEqual([
      food,
    ]);
  });

  it('filters by issue and puts services receiving now before paused ones', () => {
    expect(searchServices([food, debt, energy], { text: '', issue: 'debt' })).toEqual([
      energy,
      debt,
    ]);
  });

  it('returns nothing when a word matches nowhere', () => {
    expect(searchServices([food, debt, energy], { text: 'food zebra', issue: null })).toEqual([]);
  });
});
