import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote, caseRecords } from '#main/store/case-records.ts';
import { getCase, openCase, updateCase } from '#main/store/cases.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import {
  lastRetentionRun,
  RETENTION_NOTICE_DAYS,
  runRetentionSchedule,
} from '#main/store/retention-schedule.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * The retention rule run by itself, on a real encrypted store: nothing is
 * anonymised that was not listed first for the notice period; reopening a
 * case takes it off the list; no rule, no list.
 */
let dir = '';
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-retention-schedule-'));
  const opened = openStore(join(dir, 'store.db'), randomBytes(32), MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const day = (d: string) => new Date(`${d}T09:00:00Z`);

/** A client with a case closed on `closedOn`, and a note on it. */
const closedCase = (name: string, closedOn: string) => {
  const client = insertClient(db, details({ name }), day('2010-01-01'));
  const c = openCase(
    db,
    { clientId: client.id, issues: ['debt'], summary: `${name} summary`, openedOn: '2010-01-01' },
    'Alice',
    day('2010-01-01'),
  );
  if (c === null) throw new Error('no case');
  addNote(db, { caseId: c.id, text: `${name} private note` }, 'Alice', day('2010-01-02'));
  updateCase(
    db,
    { id: c.id, issues: ['debt'], summary: c.summary, status: 'closed', closedOn },
    day(closedOn),
  );
  return c;
};

describe('the retention rule on a schedule', () => {
  it('lists due cases first and anonymises them only after the notice period', () => {
    const old = closedCase('Olive Oldcase', '2015-03-01');
    const reopened = closedCase('Rory Reopened', '2015-04-01');
    const recent = closedCase('Rita Recent', '2024-01-01');

    const first = runRetentionSchedule(db, 6, day('2026-11-23'), true);
    expect(first.ran).toBeNull();
    expect(first.listed.map((c) => [c.caseId, c.anonymiseOn])).toEqual([
      [old.id, '2026-11-30'],
      [reopened.id, '2026-11-30'],
    ]);
    expect(RETENTION_NOTICE_DAYS).toBe(7);

    // Six days on: still only listed, notes intact.
    expect(runRetentionSchedule(db, 6, day('2026-11-29'), true).ran).toBeNull();
    expect(caseRecords(db, 'case', old.id).notes).toHaveLength(1);

    // The adviser reopens one: it leaves the list.
    updateCase(
      db,
      { id: reopened.id, issues: ['debt'], summary: null, status: 'open', closedOn: null },
      day('2026-11-29'),
    );

    // Viewing the list never anonymises, even when the day has come.
    const viewed = runRetentionSchedule(db, 6, day('2026-11-30'), false);
    expect(viewed.ran).toBeNull();
    expect(viewed.listed.map((c) => c.caseId)).toEqual([old.id]);

    const ran = runRetentionSchedule(db, 6, day('2026-11-30'), true);
    expect(ran.ran).toEqual({ on: '2026-11-30', anonymisedCases: 1, anonymisedClients: 1 });
    expect(ran.listed).toEqual([]);
    expect(caseRecords(db, 'case', old.id).notes).toEqual([]);
    expect(getCase(db, old.id)?.summary).toBeNull();
    expect(caseRecords(db, 'case', reopened.id).notes).toHaveLength(1);
    expect(caseRecords(db, 'case', recent.id).notes).toHaveLength(1);
    expect(lastRetentionRun(db)).toEqual(ran.ran);
  });

  it('gives a case that falls due later its own notice period', () => {
    const a = closedCase('Ada Early', '2015-01-01');
    runRetentionSchedule(db, 6, day('2026-11-23'), true);
    // A rule of 2 years from the 25th brings a 2024 case into the list then.
    const b = closedCase('Ben Later', '2024-06-01');
    const listed = runRetentionSchedule(db, 2, day('2026-11-25'), true).listed;
    expect(listed.map((c) => [c.caseId, c.anonymiseOn])).toEqual([
      [a.id, '2026-11-30'],
      [b.id, '2026-12-02'],
    ]);
    const ran = runRetentionSchedule(db, 2, day('2026-11-30'), true);
    expect(ran.ran?.anonymisedCases).toBe(1);
    expect(ran.listed.map((c) => c.caseId)).toEqual([b.id]);
  });

  it('does nothing without a rule, and forgets the list when the rule is turned off', () => {
    const a = closedCase('Ned Norule', '2001-01-01');
    expect(runRetentionSchedule(db, null, day('2026-11-23'), true)).toEqual({
      listed: [],
      ran: null,
    });
    runRetentionSchedule(db, 6, day('2026-11-23'), true);
    runRetentionSchedule(db, null, day('2026-11-24'), true);
    // Turned on again later: a fresh notice period from then.
    const listed = runRetentionSchedule(db, 6, day('2026-12-10'), true).listed;
    expect(listed.map((c) => [c.caseId, c.anonymiseOn])).toEqual([[a.id, '2026-12-17']]);
    expect(caseRecords(db, 'case', a.id).notes).toHaveLength(1);
  });
});
