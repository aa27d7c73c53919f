import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, searchClients, toFtsQuery } from '#main/store/clients.ts';
import { schemaVersion } from '#main/store/migrate.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import {
  enqueue,
  isWaiting,
  outboxSize,
  peekOutbox,
  removeFromOutbox,
} from '#main/store/outbox.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { newId } from '#src/ids.ts';

/** The casework schema, migrated on a real encrypted store. */
let dir = '';
let db: Database;
const key = randomBytes(32);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-schema-'));
  const opened = openStore(join(dir, 'store.db'), key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const blank = {
  dateOfBirth: null,
  phone: null,
  email: null,
  address: null,
  postcode: null,
  preferredContact: null,
};
const now = new Date('2026-11-23T10:00:00Z');

describe('casework schema', () => {
  it('migrates an empty store to the latest version, and reopens without migrating again', () => {
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    const again = openStore(join(dir, 'store.db'), key, MIGRATIONS);
    if (!again.ok) throw new Error(again.reason);
    db = again.value;
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  });

  it('finds clients by any part of the name in any order, postcode, phone or email', () => {
    createClient(db, { ...blank, name: 'Mary Anne Smith', postcode: 'nr1 3ab' }, now);
    createClient(db, { ...blank, name: 'John Smithson', phone: '07700 900123' }, now);
    createClient(db, { ...blank, name: 'Ali Khan', email: 'ali@example.org' }, now);
    const names = (text: string) =>
      searchClients(db, text)
        .map((c) => c.name)
        .sort();
    expect(names('smith mary')).toEqual(['Mary Anne Smith']);
    expect(names('smith')).toEqual(['John Smithson', 'Mary Anne Smith']);
    expect(names('NR1')).toEqual(['Mary Anne Smith']);
    expect(names('07700')).toEqual(['John Smithson']);
    expect(names('ali@example')).toEqual(['Ali Khan']);
    expect(names('')).toHaveLength(3);
    expect(names('zebra')).toEqual([]);
  });

  it('never reads what an adviser types as search syntax', () => {
    createClient(db, { ...blank, name: 'O"Brien' }, now);
    expect(toFtsQuery('a" OR "b')).toBe('"a"* "OR"* "b"*');
    expect(() => searchClients(db, 'NEAR( ) * "')).not.toThrow();
    expect(searchClients(db, 'obrien').map((c) => c.name)).toEqual([]);
    expect(searchClients(db, 'O"Brien').map((c) => c.name)).toEqual(['O"Brien']);
  });

  it('keeps the outbox in order and knows which referrals are waiting', () => {
    const referralId = newId();
    const first = { type: 'referral.acknowledge' as const, mutationId: newId(), referralId };
    const second = { type: 'referral.accept' as const, mutationId: newId(), referralId };
    enqueue(db, first, now);
    enqueue(db, second, now);
    expect(peekOutbox(db, 10)).toEqual([first, second]);
    expect(outboxSize(db)).toBe(2);
    expect(isWaiting(db, referralId)).toBe(true);
    removeFromOutbox(db, first.mutationId);
    removeFromOutbox(db, second.mutationId);
    expect(isWaiting(db, referralId)).toBe(false);
  });
});
