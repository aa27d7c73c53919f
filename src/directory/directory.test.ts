import { describe, expect, it } from 'vitest';
import { directoryFindSchema } from '#src/directory/find.ts';
import { ageOn, factsOf, matchService, NO_FACTS } from '#src/directory/match.ts';
import type { ClientFacts } from '#src/directory/match.ts';
import { alternativesTo, isReceiving } from '#src/directory/receiving.ts';
import { buildIndex, searchIndex } from '#src/directory/search.ts';
import type { DirectoryQuery } from '#src/directory/search.ts';
import { PARTNER_ORG, sampleDirectory } from '#src/directory/sample.fixture.ts';

const TODAY = '2026-11-23';
const services = sampleDirectory();
const index = buildIndex(services);
const find = (query: Partial<DirectoryQuery>, facts: ClientFacts = NO_FACTS) =>
  searchIndex(index, { text: '', issue: null, ...query }, TODAY, facts);
const names = (hits: { service: { name: string } }[]) => hits.map((h) => h.service.name);

describe('searching a realistic directory (480 services)', () => {
  it('has the size the tests rely on', () => {
    expect(services).toHaveLength(480);
  });

  it('finds services despite typos advisers make', () => {
    for (const [typed, expected] of [
      ['evction', 'Eviction prevention'],
      ['benifits', 'Welfare benefits advice'],
      ['mediaton', 'Family mediation'],
      ['advocay', 'Independent advocacy'],
      ['pension credti', 'Pension credit check'],
    ] as const) {
      const hits = find({ text: typed });
      expect(hits.length, typed).toBeGreaterThan(0);
      expect(
        hits[0]?.service.name.startsWith(expected),
        `${typed} → ${hits[0]?.service.name}`,
      ).toBe(true);
    }
  });

  it('narrows by town name and words in any order', () => {
    const hits = find({ text: 'castleton debt' });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.service.organization_name).toMatch(/^Castleton/);
  });

  it('applies every filter to every result, and leaves out nothing that passes them', () => {
    const query: Partial<DirectoryQuery> = {
      issue: 'housing',
      area: 'NR3',
      age: 19,
      receivingNow: true,
    };
    const hits = find(query);
    const expected = services.filter(
      (s) =>
        s.issues.includes('housing') &&
        (s.areas.length === 0 || s.areas.includes('NR3') || s.areas.includes('NR')) &&
        (s.minimum_age === null || s.minimum_age <= 19) &&
        (s.maximum_age === null || s.maximum_age >= 19) &&
        isReceiving(s.receiving, TODAY),
    );
    expect(new Set(hits.map((h) => h.service.id))).toEqual(new Set(expected.map((s) => s.id)));
    expect(hits.length).toBeGreaterThan(5);
    const selfReferral = find({ selfReferral: true });
    expect(selfReferral.length).toBeGreaterThan(0);
    expect(selfReferral.every((h) => h.service.accepts_self_referral)).toBe(true);
  });

  it('ranks services whose rules match the client before those taking anyone, and excluded ones last', () => {
    // A 19-year-old in NR3 with a housing problem.
    const facts = factsOf(
      { dateOfBirth: '2007-05-01', postcode: 'NR3 1AB' },
      ['housing'],
      null,
      TODAY,
    );
    expect(facts).toMatchObject({ age: 19, district: 'NR3' });
    const hits = find({ issue: 'housing' }, facts);
    const first = hits[0];
    expect(first?.service.name).toBe('Young people’s housing support (Northtown)');
    expect(first?.specific).toBe(2); // age range and area both specifically match
    // Order: open and receiving, then open but paused, then excluded.
    const tier = (h: (typeof hits)[number]) =>
      h.exclusions.length > 0 ? 2 : h.receivingNow ? 0 : 1;
    const tiers = hits.map(tier);
    expect([...tiers].sort((a, b) => a - b)).toEqual(tiers);
    // Within the first tier, more specific matches come first.
    const open = hits.filter((h) => tier(h) === 0).map((h) => h.specific);
    expect([...open].sort((a, b) => b - a)).toEqual(open);
    expect(open.at(-1)).toBe(0);
  });

  it('marks a service the client cannot use with the rule that excludes them', () => {
    const facts: ClientFacts = {
      age: 30,
      district: 'IP1',
      issues: ['housing'],
      organisationId: null,
    };
    const youth = services.find((s) => s.name === 'Young people’s housing support (Northtown)');
    if (!youth) throw new Error('fixture changed');
    expect(matchService(youth, facts).exclusions).toEqual([
      { rule: 'age', text: 'For ages 16 to 25; the client is 30.' },
      { rule: 'area', text: 'Only for NR1, NR2, NR3; the client lives in IP1.' },
    ]);
    const pension = services.find((s) => s.name.startsWith('Pension credit check'));
    if (!pension) throw new Error('fixture changed');
    expect(matchService(pension, { ...facts, district: null }).exclusions).toEqual([
      { rule: 'age', text: 'For ages 66 and over; the client is 30.' },
    ]);
    const partnerOnly = services.find((s) => s.eligibility.referring_organization_ids.length > 0);
    if (!partnerOnly) throw new Error('fixture changed');
    const outsider = { ...NO_FACTS, organisationId: '0190c0de-0000-7000-8000-00000000dead' };
    expect(matchService(partnerOnly, outsider).exclusions.map((e) => e.rule)).toEqual(['referrer']);
    expect(
      matchService(partnerOnly, { ...NO_FACTS, organisationId: PARTNER_ORG }).exclusions,
    ).toEqual([]);
  });

  it('never excludes on what the desk does not know', () => {
    for (const s of services) expect(matchService(s, NO_FACTS).exclusions).toEqual([]);
  });

  it('offers alternatives that take referrals today for the same issue', () => {
    const paused = services.find((s) => !isReceiving(s.receiving, TODAY));
    if (!paused) throw new Error('fixture changed');
    const alternatives = alternativesTo(paused, services, TODAY);
    expect(alternatives.length).toBeGreaterThan(0);
    for (const a of alternatives) {
      expect(a.id).not.toBe(paused.id);
      expect(isReceiving(a.receiving, TODAY)).toBe(true);
      expect(a.issues.some((i) => paused.issues.includes(i))).toBe(true);
    }
  });
});

describe('receiving and ages by date', () => {
  it('ends a pause by itself on its return date', () => {
    const pause = { state: 'paused' as const, until: '2026-11-25', reason: 'Leave' };
    expect(isReceiving(pause, '2026-11-24')).toBe(false);
    expect(isReceiving(pause, '2026-11-25')).toBe(true);
    expect(isReceiving({ state: 'not-receiving', until: null, reason: null }, '2099-01-01')).toBe(
      false,
    );
  });

  it('counts whole years, birthdays included', () => {
    expect(ageOn('2000-11-23', '2026-11-23')).toBe(26);
    expect(ageOn('2000-11-24', '2026-11-23')).toBe(25);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });
});

it('names the result for an unknown query as nothing found', () => {
  expect(names(find({ text: 'xylophone quartet' }))).toEqual([]);
});

describe('the desk’s search request', () => {
  it('takes a district, an area or a whole postcode, and refuses anything else', () => {
    const base = {
      text: '',
      issue: null,
      age: null,
      receivingNow: false,
      selfReferral: false,
      clientId: null,
    };
    const area = (value: string) => directoryFindSchema.safeParse({ ...base, area: value });
    expect(area('nr1 3ab').data?.area).toBe('NR1');
    expect(area(' NR').data?.area).toBe('NR');
    expect(area('').data?.area).toBe(null);
    expect(area('12AB').success).toBe(false);
  });
});
