import { issueLabel } from '#src/taxonomy.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';

/**
 * Directory search over the locally cached services: every word typed must
 * start a word of the service's name, organisation, description or issues.
 * Services receiving referrals now come first, then by how well the name matches.
 */
export type DirectoryQuery = { text: string; issue: IssueCode | null };

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);

const matchesAll = (query: string[], haystack: string[]): boolean =>
  query.every((q) => haystack.some((w) => w.startsWith(q)));

export const searchServices = (services: readonly Service[], query: DirectoryQuery): Service[] => {
  const q = words(query.text);
  const scored: { service: Service; score: number }[] = [];
  for (const service of services) {
    if (query.issue !== null && !service.issues.includes(query.issue)) continue;
    const name = words(service.name);
    const all = [
      ...name,
      ...words(service.organization_name),
      ...words(service.description),
      ...service.issues.flatMap((i) => words(issueLabel(i))),
    ];
    if (!matchesAll(q, all)) continue;
    const score =
      (service.receiving.state === 'receiving' ? 100 : 0) +
      (q.length > 0 && matchesAll(q, name) ? 10 : 0);
    scored.push({ service, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.service.name.localeCompare(b.service.name))
    .map((s) => s.service);
};
