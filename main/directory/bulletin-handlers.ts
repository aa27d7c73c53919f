import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Database } from '#main/store/open.ts';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import {
  bulletinSchema,
  bulletinsResponseSchema,
  directorySettingsSchema,
  mayPostBulletins,
  type Bulletin,
} from '#src/wire/bulletins.ts';
import { z } from 'zod';

export type BulletinSession = CallSession & { db: Database; me: Me };

// The last news fetched, for reading offline, and which of it this user has read:
// both in the user's own store, so read state is per user.
const CACHE = 'bulletins';
const READ = 'bulletins-read';
const MAX_READ = 1000;

// The store's key-value table, under keys of this feature's own (as directory refusals do).
const getMeta = (db: Database, key: string): string | null =>
  db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ??
  null;
const setMeta = (db: Database, key: string, value: string): void => {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
};

const cached = (db: Database): Bulletin[] =>
  z.array(bulletinSchema).safeParse(JSON.parse(getMeta(db, CACHE) ?? '[]')).data ?? [];
const readIds = (db: Database): Set<string> =>
  new Set(z.array(z.string()).safeParse(JSON.parse(getMeta(db, READ) ?? '[]')).data ?? []);

/**
 * Bulletins on the desk (#4): asked of the server whenever the desk shows
 * them (the renderer asks again after each sync and every minute), kept for
 * offline reading, with unread markers remembered per user.
 */
export const bulletinHandlers = (deps: {
  session: () => BulletinSession | null;
  /** Tells the screens the unread count changed. */
  emit: (event: DeskEvent) => void;
}): Pick<
  Handlers,
  | 'bulletins.list'
  | 'bulletins.markRead'
  | 'bulletins.post'
  | 'directory.settings'
  | 'directory.setSettings'
> => {
  const call = signedInCall(deps.session);
  return {
    'bulletins.list': async () => {
      const session = deps.session();
      if (session === null) return { bulletins: [], canPost: false, offline: false };
      const fetched = await call(
        '/bulletins',
        undefined,
        (v) => bulletinsResponseSchema.safeParse(v).data?.bulletins ?? null,
      );
      // The store may have closed (signed out, locked) while the server answered.
      const now = deps.session();
      if (now === null) return { bulletins: [], canPost: false, offline: false };
      if (fetched.ok) setMeta(now.db, CACHE, JSON.stringify(fetched.value));
      const read = readIds(now.db);
      return {
        bulletins: (fetched.ok ? fetched.value : cached(now.db)).map((b) => ({
          ...b,
          unread: !read.has(b.id),
        })),
        canPost: mayPostBulletins(now.me.user.role, now.me.network.settings),
        offline: !fetched.ok,
      };
    },
    'bulletins.markRead': () => {
      const session = deps.session();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const read = [...new Set([...cached(session.db).map((b) => b.id), ...readIds(session.db)])];
      setMeta(session.db, READ, JSON.stringify(read.slice(0, MAX_READ)));
      deps.emit({ topics: ['directory'] });
      return Promise.resolve(ok(null));
    },
    'bulletins.post': async (request) => {
      const posted = await call(
        '/bulletins',
        request,
        (v) => bulletinSchema.safeParse(v).data ?? null,
      );
      const session = deps.session();
      if (posted.ok && session !== null) {
        setMeta(session.db, CACHE, JSON.stringify([posted.value, ...cached(session.db)]));
        // The author has read their own news.
        setMeta(
          session.db,
          READ,
          JSON.stringify([posted.value.id, ...readIds(session.db)].slice(0, MAX_READ)),
        );
      }
      return posted;
    },
    'directory.settings': () =>
      call(
        '/network/directory-settings',
        undefined,
        (v) => directorySettingsSchema.safeParse(v).data ?? null,
      ),
    'directory.setSettings': (request) =>
      call(
        '/network/directory-settings',
        request,
        (v) => directorySettingsSchema.safeParse(v).data ?? null,
      ),
  };
};
