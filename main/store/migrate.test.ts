import Sqlite from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMigrations, migrate, schemaVersion } from '#main/store/migrate.ts';
import type { Database, Migration } from '#main/store/open.ts';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
  db.pragma('foreign_keys = ON');
});
afterEach(() => {
  db.close();
});

const tables = (): string[] =>
  db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];

const ran: number[] = [];
const step = (version: number, sql: string): Migration => ({
  version,
  name: `step ${version}`,
  up: (d) => {
    ran.push(version);
    d.exec(sql);
  },
});
const STEPS = [
  step(1, 'CREATE TABLE a (id INTEGER PRIMARY KEY)'),
  step(2, 'CREATE TABLE b (id INTEGER PRIMARY KEY)'),
  step(3, 'CREATE TABLE c (id INTEGER PRIMARY KEY)'),
];

beforeEach(() => {
  ran.length = 0;
});

describe('migrate', () => {
  it('applies migrations in order and records the version', () => {
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, STEPS)).toEqual({ ok: true, value: { from: 0, to: 3 } });
    expect(ran).toEqual([1, 2, 3]);
    expect(schemaVersion(db)).toBe(3);
    expect(tables()).toEqual(['a', 'b', 'c']);
  });

  it('applies only the ones a store has not had, and nothing when it is current', () => {
    migrate(db, STEPS.slice(0, 1));
    ran.length = 0;
    expect(migrate(db, STEPS)).toEqual({ ok: true, value: { from: 1, to: 3 } });
    expect(ran).toEqual([2, 3]);
    ran.length = 0;
    expect(migrate(db, STEPS)).toEqual({ ok: true, value: { from: 3, to: 3 } });
    expect(ran).toEqual([]);
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const failing: Migration = {
      version: 2,
      name: 'fails half-way',
      up: (d) => {
        d.exec('CREATE TABLE b (id INTEGER PRIMARY KEY); INSERT INTO a VALUES (1);');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [STEPS[0] as Migration, failing, STEPS[2] as Migration])).toThrow(
      'boom',
    );
    expect(schemaVersion(db)).toBe(1);
    expect(tables()).toEqual(['a']);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(0);
    expect(ran).toEqual([1]);
    // Fixed, it carries on from there.
    expect(migrate(db, STEPS)).toEqual({ ok: true, value: { from: 1, to: 3 } });
  });

  it('refuses a store newer than the code', () => {
    migrate(db, STEPS);
    ran.length = 0;
    expect(migrate(db, STEPS.slice(0, 2))).toEqual({ ok: false, reason: 'store-newer' });
    expect(ran).toEqual([]);
    expect(schemaVersion(db)).toBe(3);
  });

  it('refuses an async migration, which would commit before its work was done', () => {
    const asyncStep: Migration = {
      version: 1,
      name: 'async',
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the mistake under test: lint catches it in code, migrate() catches it at run time.
      up: async (d) => {
        d.exec('CREATE TABLE a (id INTEGER PRIMARY KEY)');
        await Promise.resolve();
      },
    };
    expect(() => migrate(db, [asyncStep])).toThrow(/synchronous/);
    expect(schemaVersion(db)).toBe(0);
    expect(tables()).toEqual([]);
  });

  it('rebuilds a parent table without cascading deletes into its children', () => {
    // SQLite's table-rebuild recipe: with foreign keys ON, DROP TABLE parent
    // would delete every child row through ON DELETE CASCADE.
    const schema = step(
      1,
      `CREATE TABLE parent (id INTEGER PRIMARY KEY);
       CREATE TABLE child (id INTEGER PRIMARY KEY,
         parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
       INSERT INTO parent VALUES (1); INSERT INTO child VALUES (10, 1);`,
    );
    const rebuild = step(
      2,
      `CREATE TABLE parent_new (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT '');
       INSERT INTO parent_new (id) SELECT id FROM parent;
       DROP TABLE parent;
       ALTER TABLE parent_new RENAME TO parent;`,
    );
    migrate(db, [schema, rebuild]);
    expect(db.prepare('SELECT count(*) FROM child').pluck().get()).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a migration that leaves broken foreign keys', () => {
    const schema = step(
      1,
      `CREATE TABLE parent (id INTEGER PRIMARY KEY);
       CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));`,
    );
    const orphan = step(2, 'INSERT INTO child VALUES (1, 99)');
    expect(() => migrate(db, [schema, orphan])).toThrow(/foreign keys/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM child').pluck().get()).toBe(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('checkMigrations', () => {
  const named = (version: number, name = `m${version}`): Migration => ({
    version,
    name,
    up: () => undefined,
  });

  it('accepts 1, 2, 3, … (and none)', () => {
    expect(() => {
      checkMigrations([]);
      checkMigrations([named(1), named(2), named(3)]);
    }).not.toThrow();
  });

  it.each([
    ['not starting at 1', [named(2)]],
    ['out of order', [named(2), named(1)]],
    ['repeated', [named(1), named(1)]],
    ['with a gap', [named(1), named(3)]],
    ['unnamed', [named(1, ' ')]],
  ])('throws for a list %s (a bug)', (_, list) => {
    expect(() => {
      checkMigrations(list);
    }).toThrow();
    expect(() => {
      migrate(db, list);
    }).toThrow();
    expect(schemaVersion(db)).toBe(0);
  });
});
