import type BetterSqlite from 'better-sqlite3-multiple-ciphers';

/** An open, unlocked casework store. Only main/store/ runs SQL on it. */
export type StoreDb = BetterSqlite.Database;
