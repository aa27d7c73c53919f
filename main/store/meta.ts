import type { Database } from '#main/store/open.ts';

/** Small named values the desk keeps: the session token, the change cursor, who is signed in. */
export type MetaKey =
  | 'session-token'
  | 'change-cursor'
  | 'me'
  | 'server-url'
  | 'last-synced-at'
  | 'case-reference-seq'
  /** The case reference letters the server gave this store (#5), and the store's id it asked with. */
  | 'case-series'
  | 'store-id'
  | 'backup-folder'
  | 'backup-every-hours'
  | 'last-backup-at'
  | 'backup-keep'
  | 'retention-listed'
  | 'retention-last-run';

export const getMeta = (db: Database, key: MetaKey): string | null =>
  db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ??
  null;

export const setMeta = (db: Database, key: MetaKey, value: string): void => {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
};

export const deleteMeta = (db: Database, key: MetaKey): void => {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
};
