import { isReceiving } from '#src/directory/receiving.ts';
import { matchService, NO_FACTS, servesDistrict } from '#src/directory/match.ts';
import type { ClientFacts, Exclusion } from '#src/directory/match.ts';
import { issueLabel } from '#src/taxonomy.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';

/**
 * Directory search over the locally cached services, offline. Every word
 * typed must match a word of the service (its name, organisation,
 * description, issues, areas, languages): as the start of the word, or with
 * a typo or two for longer words ("evction" finds "eviction"). Filters narrow
 * the list; ranking puts services taking referrals today and open to this
 * client first, and among those, services whose rules specifically match the
 * client before those that accept anyone.
 *
 * The index is built once per version of the directory (`buildIndex`), so a
 * search touches only the words that match.
 */
export type DirectoryQuery = {
  text: string;
  issue: IssueCode | null;
  /** Only services that serve this postcode district (or anywhere). */
  area?: string | null;
  /** Only services whose age range includes this age. */
  age?: number | null;
  /** Only services taking referrals today. */
  receivingNow?: boolean;
  /** Only services that accept self-referrals. */
  selfReferral?: boolean;
};

export type ServiceHit = {
  service: Service;
  receivingNow: boolean;
  /** Why this client cannot use the service; empty when they can (or it cannot be told). */
  exclusions: Exclusion[];
  /** How many of the service's own rules the client specifically meets. */
  specific: number;
  /** For a service not taking referrals today: others that can take this client instead. */
  alternatives?: Service[];
};

export type DirectoryIndex = {
  readonly services: readonly Service[];
  readonly tokens: readonly string[];
  /** token id → indices of the services that contain it, ascending. */
  readonly postings: readonly number[][];
  /** Per service: the token ids of its name, for ranking name matches higher. */
  readonly nameTokens: readonly ReadonlySet<number>[];
  /** Query word → matching token ids and how well (2 prefix, 1 typo). Cleared when large. */
  readonly memo: Map<string, [number, number][]>;
};

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);

/** `labelIssue` gives issue codes their words; pass the network's own categories so they are found by name too. */
export const buildIndex = (
  services: readonly Service[],
  labelIssue: (code: string) => string = issueLabel,
): DirectoryIndex => {
  const vocab = new Map<string, number>();
  const tokens: string[] = [];
  const postings: number[][] = [];
  const nameTokens: Set<number>[] = [];
  const idOf = (w: string): number => {
    let id = vocab.get(w);
    if (id === undefined) {
      id = tokens.length;
      vocab.set(w, id);
      tokens.push(w);
      postings.push([]);
    }
    return id;
  };
  services.forEach((s, i) => {
    const name = new Set([...words(s.name), ...words(s.alternate_name ?? '')].map(idOf));
    nameTokens.push(name);
    const all = new Set<number>(name);
    for (const text of [
      s.organization_name,
      s.description,
      ...s.issues.map(labelIssue),
      ...s.areas,
      ...s.service_areas.map((a) => a.name),
      ...s.languages.map((l) => l.name),
    ]) {
      for (const w of words(text)) all.add(idOf(w));
    }
    for (const id of all) postings[id]?.push(i);
  });
  return { services, tokens, postings, nameTokens, memo: new Map() };
};

/**
 * Optimal string alignment distance between `a` and `b`, giving up (returning
 * max + 1) as soon as it must exceed `max`.
 */
export const editDistance = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
};

/** Typos allowed for a word of this length: none below 4 letters, one up to 6, then two. */
const typosAllowed = (length: number): number => (length < 4 ? 0 : length < 7 ? 1 : 2);

const matchWord = (index: DirectoryIndex, q: string): [number, number][] => {
  const known = index.memo.get(q);
  if (known) return known;
  const max = typosAllowed(q.length);
  const found: [number, number][] = [];
  index.tokens.forEach((t, id) => {
    if (t.startsWith(q)) found.push([id, 2]);
    else if (max > 0 && t.length >= q.length - max) {
      // A typo in what was typed so far: compare with the token's start, a
      // letter shorter or longer too (a letter missed or doubled).
      for (const len of [q.length, q.length - 1, q.length + 1]) {
        if (len <= t.length && editDistance(q, t.slice(0, len), max) <= max) {
          found.push([id, 1]);
          break;
        }
      }
    }
  });
  if (index.memo.size > 500) index.memo.clear();
  index.memo.set(q, found);
  return found;
};

/** Each service index matching every word, with a text score (higher is better). */
const textMatches = (index: DirectoryIndex, text: string): Map<number, number> | null => {
  const q = words(text);
  if (q.length === 0) return null;
  let result: Map<number, number> | null = null;
  for (const w of q) {
    const best = new Map<number, number>();
    for (const [token, quality] of matchWord(index, w)) {
      for (const i of index.postings[token] ?? []) {
        if (result !== null && !result.has(i)) continue;
        const score = quality + (index.nameTokens[i]?.has(token) ? 1 : 0);
        if (score > (best.get(i) ?? 0)) best.set(i, score);
      }
    }
    const next = new Map<number, number>();
    for (const [i, score] of best) next.set(i, (result?.get(i) ?? 0) + score);
    result = next;
    if (result.size === 0) break;
  }
  return result;
};

const passesFilters = (s: Service, query: DirectoryQuery, receivingNow: boolean): boolean => {
  if (query.issue !== null && !s.issues.includes(query.issue)) return false;
  if (query.receivingNow === true && !receivingNow) return false;
  if (query.selfReferral === true && !s.accepts_self_referral) return false;
  const area = query.area ?? null;
  if (area !== null && s.areas.length > 0 && !servesDistrict(s.areas, area)) return false;
  const age = query.age ?? null;
  if (age !== null) {
    if (s.minimum_age !== null && age < s.minimum_age) return false;
    if (s.maximum_age !== null && age > s.maximum_age) return false;
  }
  return true;
};

export const searchIndex = (
  index: DirectoryIndex,
  query: DirectoryQuery,
  today: string,
  facts: ClientFacts = NO_FACTS,
): ServiceHit[] => {
  const text = textMatches(index, query.text);
  const candidates: Iterable<number> = text === null ? index.services.keys() : text.keys();
  const scored: { hit: ServiceHit; score: number }[] = [];
  for (const i of candidates) {
    const service = index.services[i];
    if (service === undefined) continue;
    const receivingNow = isReceiving(service.receiving, today);
    if (!passesFilters(service, query, receivingNow)) continue;
    const match = matchService(service, facts);
    const open = match.exclusions.length === 0;
    const score =
      (receivingNow && open ? 10_000 : 0) +
      (open ? 5_000 : 0) +
      match.specific * 200 +
      match.issues * 100 +
      (text?.get(i) ?? 0);
    scored.push({
      hit: { service, receivingNow, exclusions: match.exclusions, specific: match.specific },
      score,
    });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.hit.service.name.localeCompare(b.hit.service.name))
    .map((s) => s.hit);
};

/** One-off search without keeping an index (small lists, tests). */
export const searchServices = (
  services: readonly Service[],
  query: DirectoryQuery,
  today: string,
): Service[] => searchIndex(buildIndex(services), query, today).map((h) => h.service);
