import { describe, expect, it } from 'vitest';
import { buildIndex, editDistance, searchIndex, searchServices } from '#src/directory/search.ts';
import { issueLabelIn } from '#src/taxonomy.ts';
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

const TODAY = '2026-11-23';

describe('searchServices', () => {
  it('matches word starts in any field, in any order', () => {
    expect(
      searchServices([food, debt, energy], { text: 'parcel food', issue: null }, TODAY),
    ).toEqual([food]);
    expect(searchServices([food, debt, energy], { text: 'northgate', issue: null }, TODAY)).toEqual(
      [debt],
    );
    expect(searchServices([food, debt, energy], { text: 'insolv', issue: null }, TODAY)).toEqual([
      debt,
    ]);
  });

  it('finds services by the words of a category the network added', () => {
    const warm = service({
      id: '0190c0de-0000-7000-8000-0000000000a4',
      name: 'Warm spaces',
      description: 'A heated room and a hot drink.',
      issues: ['x-warmth'],
    });
    const labels = issueLabelIn([{ code: 'x-warmth', label: 'Cost of living' }]);
    const index = buildIndex([food, debt, energy, warm], labels);
    const found = searchIndex(index, { text: 'cost of living', issue: null }, TODAY);
    expect(found.map((h) => h.service)).toEqual([warm]);
    // Without the network's words, only the code's own would match.
    const plain = buildIndex([food, debt, energy, warm]);
    expect(searchIndex(plain, { text: 'cost of living', issue: null }, TODAY)).toEqual([]);
  });

  it('finds services by the label of their issue category', () => {
    expect(
      searchServices([food, debt, energy], { text: 'food support', issue: null }, TODAY),
    ).toEqual([food]);
  });

  it('filters by issue and puts services receiving now before paused ones', () => {
    expect(searchServices([food, debt, energy], { text: '', issue: 'debt' }, TODAY)).toEqual([
      energy,
      debt,
    ]);
  });

  it('returns nothing when a word matches nowhere', () => {
    expect(
      searchServices([food, debt, energy], { text: 'food zebra', issue: null }, TODAY),
    ).toEqual([]);
  });
});

describe('typo tolerance', () => {
  it('forgives a slip in longer words, never in short ones', () => {
    const all = [food, debt, energy];
    expect(searchServices(all, { text: 'insolvnecy', issue: null }, TODAY)).toEqual([debt]);
    expect(searchServices(all, { text: 'baliffs', issue: null }, TODAY)).toEqual([debt]);
    expect(searchServices(all, { text: 'enrgy', issue: null }, TODAY)).toEqual([energy]);
    expect(searchServices(all, { text: 'fod', issue: null }, TODAY)).toEqual([]);
  });

  it('ranks an exact word above a typo match', () => {
    const grants = service({
      id: '0190c0de-0000-7000-8000-0000000000a4',
      name: 'Grants for carers',
      description: 'Small grants.',
    });
    const giants = service({
      id: '0190c0de-0000-7000-8000-0000000000a5',
      name: 'Giants football',
      description: 'Sport.',
    });
    expect(searchServices([giants, grants], { text: 'grants', issue: null }, TODAY)).toEqual([
      grants,
      giants,
    ]);
  });

  it('measures edits, transpositions included', () => {
    expect(editDistance('housnig', 'housing', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
});
