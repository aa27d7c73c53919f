import { buildIndex, searchIndex } from '#src/directory/search.ts';
import { serviceSchema, type Service } from '#src/wire/directory.ts';
import { ISSUE_CODES } from '#src/taxonomy.ts';
import { newId } from '#src/ids.ts';
import { report, sample } from '#bench/stats.ts';

/**
 * Directory search over a generated network of 2,000 services, as the desk
 * searches its offline cache. Queries are what advisers type: one or two words,
 * sometimes with an issue filter.
 */
const WORDS = [
  'advice',
  'debt',
  'housing',
  'benefits',
  'food',
  'parcel',
  'energy',
  'grant',
  'tenancy',
  'mental',
  'health',
  'carers',
  'employment',
  'training',
  'digital',
  'family',
  'legal',
  'immigration',
  'crisis',
  'support',
  'community',
  'volunteer',
  'counselling',
  'budget',
  'universal',
  'credit',
  'council',
  'tax',
];
const TOWNS = [
  'Northgate',
  'Riverside',
  'Eastfield',
  'Westbrook',
  'Southmoor',
  'Kingsley',
  'Ashford',
];
const KINDS = ['Advice Centre', 'Foodbank', 'Housing Trust', 'Welfare Team', 'Carers Hub', 'Mind'];

let seed = 42;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
const sentence = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');

const services: Service[] = Array.from({ length: 2000 }, (_, i) =>
  serviceSchema.parse({
    id: newId(),
    organization_id: newId(),
    organization_name: `${pick(TOWNS)} ${pick(KINDS)} ${i % 97}`,
    name: `${pick(WORDS)} ${pick(WORDS)} service`,
    description: sentence(40),
    issues: [pick(ISSUE_CODES), pick(ISSUE_CODES)],
    areas: [],
    email: null,
    phone: null,
    accepts_self_referral: rand(2) === 0,
    receiving: { state: rand(5) === 0 ? 'paused' : 'receiving', until: null, reason: null },
    updated_at: '2026-11-01T09:00:00Z',
  }),
);

// A typo in one query of five ("housnig"): the slow path of the search.
const typo = (w: string): string =>
  w.length < 5 ? w : `${w.slice(0, 3)}${w[4] ?? ''}${w[3] ?? ''}${w.slice(5)}`;
const queries = Array.from({ length: 50 }, (_, i) => ({
  text:
    i % 5 === 0
      ? typo(pick(WORDS))
      : i % 3 === 0
        ? pick(WORDS)
        : `${pick(WORDS)} ${pick(WORDS).slice(0, 4)}`,
  issue: i % 4 === 0 ? pick(ISSUE_CODES) : null,
  receivingNow: i % 6 === 0,
  age: i % 7 === 0 ? 30 : null,
}));
// The desk builds the index once per version of its cached directory; each
// keystroke then searches it.
const indexStart = performance.now();
const index = buildIndex(services);
const indexMs = performance.now() - indexStart;
let q = 0;
const samples = await sample(() => {
  // Every sample matches its words afresh: no help from the per-word memo.
  index.memo.clear();
  return searchIndex(
    index,
    queries[q++ % queries.length] ?? { text: '', issue: null },
    '2026-11-23',
  );
}, 300);
report('directory search (2,000 services)', samples);
console.log(`index built once in ${indexMs.toFixed(1)} ms`);
