import type { Queryable } from '#server/db/db.ts';
import { loadNetwork } from '#server/network/load.ts';
import { ISSUE_CATEGORIES, type IssueCategory } from '#src/taxonomy.ts';

/** The categories this network added to the standard list (#4), in the order added. */
export const networkCategories = async (q: Queryable): Promise<IssueCategory[]> =>
  (await loadNetwork(q))?.settings.issueCategories ?? [];

/** Every category: the standard list, then the network's own. */
export const allCategories = async (q: Queryable): Promise<IssueCategory[]> => [
  ...ISSUE_CATEGORIES,
  ...(await networkCategories(q)),
];

/** Whether each code is a category of this network (a custom code must have been added). */
export const knownIssues = async (q: Queryable, codes: readonly string[]): Promise<boolean> => {
  const custom = codes.filter((c) => c.startsWith('x-'));
  if (custom.length === 0) return true;
  const known = new Set<string>((await networkCategories(q)).map((c) => c.code));
  return custom.every((c) => known.has(c));
};
