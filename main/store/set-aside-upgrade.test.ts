import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import type { OutboxCommand } from '#src/wire/commands.ts';
import { schemaVersion } from '#main/store/migrate.ts';
import { openStore } from '#main/store/open.ts';
import type { Database, Migration } from '#main/store/open.ts';
import {
  discardSetAside,
  enqueue,
  listSetAside,
  nextRetryAt,
  outboxSize,
  peekOutbox,
  recordFailedAttempt,
  returnToOutbox,
  setAside,
} from '#main/store/outbox.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Migration 10 (#12) on a real encrypted store with data: an outbox written
 * at version 9 keeps every command, in order, and gains per-command retries
 * and a place to set commands aside.
 */
let dir = '';
const key = randomBytes(32);
const now = new Date('2026-12-02T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-set-aside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const openAt = (migrations: readonly Migration[]): Database => {
  const opened = openStore(join(dir, 'store.db'), key, migrations);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.value;
};

const note = (referralId: string, text: string): OutboxCommand => ({
  type: 'referral.note',
  mutationId: newId(),
  referralId,
  noteId: newId(),
  text,
});

describe('upgrading a store with commands waiting', () => {
  it('keeps the line in order, and sets aside, holds and returns commands', () => {
    const one = newId();
    const two = newId();
    const waiting = [
      note(one, 'first'),
      note(two, 'second'),
      note(one, 'third'),
      note(two, 'fourth'),
    ];
    const old = openAt(MIGRATIONS.slice(0, 9));
    expect(schemaVersion(old)).toBe(9);
    for (const command of waiting) enqueue(old, command, now);
    old.close();

    const db = openAt(MIGRATIONS);
    expect(schemaVersion(db)).toBe(10);
    expect(peekOutbox(db, 10, now)).toEqual(waiting);
    const [first, second, third, fourth] = waiting;
    if (!first || !second || !third || !fourth) throw new Error('four commands');

    // A command backing off holds its subject's later commands, not the others.
    recordFailedAttempt(db, second.mutationId, new Date(now.getTime() + 60_000));
    expect(peekOutbox(db, 10, now)).toEqual([first, third]);
    expect(nextRetryAt(db, now)).toEqual(new Date(now.getTime() + 60_000));
    expect(peekOutbox(db, 10, new Date(now.getTime() + 61_000))).toEqual(waiting);

    // Set aside: out of the line with its reason; its subject's later command waits.
    setAside(db, first.mutationId, 'refused', 'command-unreadable', now);
    expect(outboxSize(db)).toBe(3);
    expect(listSetAside(db)).toEqual([
      expect.objectContaining({
        mutationId: first.mutationId,
        subject: one,
        command: first,
        kind: 'refused',
        reason: 'command-unreadable',
        held: 1,
      }),
    ]);
    const later = new Date(now.getTime() + 61_000);
    expect(peekOutbox(db, 10, later)).toEqual([second, fourth]);

    // Returned (fixed), it goes back to its old place, ahead of what it held.
    const fixed = { ...first, text: 'first, fixed' };
    returnToOutbox(db, first.mutationId, fixed);
    expect(peekOutbox(db, 10, later)).toEqual([fixed, second, third, fourth]);
    expect(listSetAside(db)).toEqual([]);

    // Rejected by the server, it holds nothing back.
    setAside(db, fixed.mutationId, 'rejected', 'forbidden', now);
    expect(peekOutbox(db, 10, later)).toEqual([second, third, fourth]);
    expect(listSetAside(db)).toEqual([expect.objectContaining({ kind: 'rejected', held: 0 })]);
    discardSetAside(db, fixed.mutationId);
    expect(listSetAside(db)).toEqual([]);
    // Discarded, a refused one lets what it held go on.
    setAside(db, third.mutationId, 'refused', 'command-unreadable', now);
    setAside(db, second.mutationId, 'undeliverable', 'command-undeliverable', now);
    expect(peekOutbox(db, 10, later)).toEqual([]);
    discardSetAside(db, second.mutationId);
    expect(peekOutbox(db, 10, later)).toEqual([fourth]);
    db.close();
  });
});
