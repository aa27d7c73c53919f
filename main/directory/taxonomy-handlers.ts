import { z } from 'zod';
import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Database } from '#main/store/open.ts';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import { ISSUE_CATEGORIES, type IssueCategory } from '#src/taxonomy.ts';
import { issueCodeSchema } from '#src/wire/directory.ts';

export type TaxonomySession = CallSession & { db: Database };

const categoriesSchema = z.object({
  categories: z.array(z.object({ code: issueCodeSchema, label: z.string() })),
});

// The network's categories as last fetched, for the filters offline (the store's key-value table).
const KEY = 'issue-categories';
export const cachedIssueCategories = (db: Database): IssueCategory[] | null => {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(KEY);
  return row === undefined
    ? null
    : (categoriesSchema.shape.categories.safeParse(JSON.parse(row.value)).data ?? null);
};
const keep = (db: Database, categories: IssueCategory[]): void => {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(categories));
};

/**
 * The network's issue categories on the desk (#4): the standard list plus
 * those the coordinator added, asked of the server and kept for offline use.
 */
export const taxonomyHandlers = (deps: {
  session: () => TaxonomySession | null;
  /** Tells the screens the categories changed. */
  emit: (event: DeskEvent) => void;
}): Pick<Handlers, 'directory.issueCategories' | 'network.addIssueCategory'> => {
  const call = signedInCall(deps.session);
  const parse = (v: unknown) => categoriesSchema.safeParse(v).data?.categories ?? null;
  return {
    'directory.issueCategories': async () => {
      const fetched = await call('/issue-categories', undefined, parse);
      const session = deps.session();
      if (session === null) return [...ISSUE_CATEGORIES];
      if (fetched.ok) keep(session.db, fetched.value);
      return fetched.ok
        ? fetched.value
        : (cachedIssueCategories(session.db) ?? [...ISSUE_CATEGORIES]);
    },
    'network.addIssueCategory': async (request) => {
      const added = await call('/network/issue-categories', request, parse);
      const session = deps.session();
      if (added.ok && session !== null) {
        keep(session.db, added.value);
        deps.emit({ topics: ['directory'] });
      }
      return added;
    },
  };
};
