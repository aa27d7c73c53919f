import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeInputSchema, taskInputSchema } from '#src/casework/schemas.ts';
import {
  addDocument,
  addNote,
  addOutcome,
  addTask,
  caseRecords,
  getDocument,
  remindersDue,
  setTaskDone,
} from '#main/store/case-records.ts';
import { listCases, normaliseReference, openCase, updateCase } from '#main/store/cases.ts';
import { createClient, getClient, insertClient, updateClient } from '#main/store/clients.ts';
import { migrate, schemaVersion } from '#main/store/migrate.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { clientTimeline } from '#main/store/timeline.ts';
import { details } from '#main/store/client-details.fixture.ts';

/** The casework model (migration 2) on a real encrypted store. */
let dir = '';
let db: Database;
const key = randomBytes(32);
const now = new Date('2026-11-23T10:00:00Z');

const open = (migrations = MIGRATIONS): Database => {
  const opened = openStore(join(dir, 'store.db'), key, migrations);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.value;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-casework-'));
  db = open();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 2 on a store made by migration 1', () => {
  it('keeps existing clients, indexes their other names, and makes search keys', () => {
    db.close();
    rmSync(join(dir, 'store.db'));
    rmSync(join(dir, 'store.db-wal'), { force: true });
    rmSync(join(dir, 'store.db-shm'), { force: true });
    db = open(MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    db.prepare(
      `INSERT INTO clients (id, name, phone, postcode, created_at, updated_at)
       VALUES ('0190a000-0000-7000-8000-000000000001', 'Old Client', '+44 7700 900123', 'NR1 3AB', 'x', 'x')`,
    ).run();
    expect(migrate(db, MIGRATIONS)).toEqual({
      ok: true,
      value: { from: 1, to: MIGRATIONS.length },
    });
    const row = db.prepare('SELECT phone_digits, postcode_key FROM clients').get() as Record<
      string,
      string
    >;
    expect(row).toEqual({ phone_digits: '07700900123', postcode_key: 'NR13AB' });
    const client = getClient(db, '0190a000-0000-7000-8000-000000000001');
    expect(client).toMatchObject({
      name: 'Old Client',
      vulnerabilities: [],
      interpreterNeeded: false,
    });
    // The rebuilt full-text index holds the old row.
    const fts = db
      .prepare(`SELECT count(*) AS n FROM clients_fts WHERE clients_fts MATCH '"old"*'`)
      .get();
    expect(fts).toEqual({ n: 1 });
  });
});

describe('clients', () => {
  it('keeps every detail, and updates them', () => {
    const client = insertClient(
      db,
      details({
        otherNames: 'Dana Smith (maiden name)',
        household: 'Lives with two children, 4 and 9',
        language: 'Polish',
        interpreterNeeded: true,
        accessibilityNeeds: 'Large print letters',
        vulnerabilities: ['domestic-abuse', 'domestic-abuse', 'carer'],
        contactNotes: 'Do not leave voicemail',
        postcode: 'nr13ab',
      }),
      now,
    );
    expect(getClient(db, client.id)).toEqual(client);
    expect(client).toMatchObject({
      postcode: 'NR1 3AB',
      interpreterNeeded: true,
      vulnerabilities: ['domestic-abuse', 'carer'],
    });
    const later = new Date('2026-11-24T10:00:00Z');
    const updated = updateClient(db, client.id, details({ name: 'Dana Jones' }), later);
    expect(updated).toMatchObject({
      name: 'Dana Jones',
      interpreterNeeded: false,
      createdAt: client.createdAt,
    });
    expect(getClient(db, client.id)?.updatedAt).toBe(later.toISOString());
    expect(updateClient(db, '0190a000-0000-7000-8000-00000000ffff', details(), now)).toBeNull();
  });

  it('still takes the short form', () => {
    const c = createClient(
      db,
      {
        name: 'Short Form',
        dateOfBirth: null,
        phone: null,
        email: null,
        address: null,
        postcode: null,
        preferredContact: null,
      },
      now,
    );
    expect(c).toMatchObject({ name: 'Short Form', otherNames: null, vulnerabilities: [] });
  });
});

describe('cases and what is recorded on them', () => {
  it('opens numbered cases, records notes, tasks, documents and outcomes, and closes', () => {
    const client = insertClient(db, details(), now);
    const first = openCase(
      db,
      {
        clientId: client.id,
        issues: ['debt', 'debt', 'housing'],
        summary: 'Rent arrears',
        openedOn: '2026-11-23',
      },
      'Alice Adviser',
      now,
    );
    const second = openCase(
      db,
      { clientId: client.id, issues: ['welfare-benefits'], summary: null, openedOn: '2026-11-22' },
      'Alice Adviser',
      now,
    );
    expect(first).toMatchObject({
      reference: 'HC-2026-0001',
      issues: ['debt', 'housing'],
      status: 'open',
      adviser: 'Alice Adviser',
    });
    expect(second?.reference).toBe('HC-2026-0002');
    expect(
      openCase(
        db,
        {
          clientId: '0190a000-0000-7000-8000-00000000ffff',
          issues: ['debt'],
          summary: null,
          openedOn: '2026-11-23',
        },
        'A',
        now,
      ),
    ).toBeNull();
    expect(listCases(db, client.id).map((c) => c.reference)).toEqual([
      'HC-2026-0001',
      'HC-2026-0002',
    ]);
    if (first === null) throw new Error('no case');

    const note = addNote(
      db,
      { caseId: first.id, text: 'Called the landlord about the arrears' },
      'Alice Adviser',
      now,
    );
    expect(note).toMatchObject({
      clientId: client.id,
      writtenBy: 'Alice Adviser',
      writtenAt: now.toISOString(),
    });
    expect(
      addNote(db, { caseId: '0190a000-0000-7000-8000-00000000ffff', text: 'x' }, 'A', now),
    ).toBeNull();

    const task = addTask(
      db,
      taskInputSchema.parse({
        caseId: first.id,
        kind: 'key-date',
        title: 'Court hearing',
        dueOn: '2026-12-10',
        remindOn: '2026-12-03',
      }),
      'Alice Adviser',
      now,
    );
    expect(task).toMatchObject({ kind: 'key-date', doneAt: null });
    expect(remindersDue(db, '2026-12-02')).toEqual([]);
    expect(remindersDue(db, '2026-12-03').map((t) => t.title)).toEqual(['Court hearing']);
    if (task === null) throw new Error('no task');
    expect(setTaskDone(db, task.id, true, now)?.doneAt).toBe(now.toISOString());
    expect(remindersDue(db, '2026-12-03')).toEqual([]);

    const content = Buffer.from('%PDF-1.4 a letter');
    const document = addDocument(
      db,
      { caseId: first.id, name: 'letter.pdf', mediaType: 'application/pdf', content },
      'Alice Adviser',
      now,
    );
    expect(document).toMatchObject({ size: content.length, mediaType: 'application/pdf' });
    if (document === null) throw new Error('no document');
    expect(getDocument(db, document.id)?.content.equals(content)).toBe(true);

    const outcome = addOutcome(
      db,
      outcomeInputSchema.parse({
        caseId: first.id,
        kind: 'debt-written-off',
        type: 'Council tax arrears',
        amount: '£1,250.50',
        period: 'one-off',
        achievedOn: '2026-11-23',
      }),
      'Alice Adviser',
      now,
    );
    expect(outcome).toMatchObject({ amountPence: 125050, kind: 'debt-written-off' });

    const records = caseRecords(db, 'case', first.id);
    expect(records.notes).toHaveLength(1);
    expect(records.tasks).toHaveLength(1);
    expect(records.documents).toHaveLength(1);
    expect(records.outcomes).toHaveLength(1);

    const closed = updateCase(
      db,
      { id: first.id, issues: ['debt'], summary: 'Done', status: 'closed', closedOn: null },
      now,
    );
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2026-11-23' });

    const timeline = clientTimeline(db, client.id);
    expect(timeline.map((e) => e.kind).sort()).toEqual(
      ['case-opened', 'case-opened', 'document', 'note', 'outcome', 'task'].sort(),
    );
  });

  it('refuses an outcome without an amount or with a wrong one, and a reminder after the date', () => {
    const base = {
      caseId: '0190a000-0000-7000-8000-000000000001',
      kind: 'grant',
      type: 'HSF',
      period: 'one-off',
      achievedOn: '2026-11-23',
    };
    expect(outcomeInputSchema.safeParse({ ...base, amount: '' }).success).toBe(false);
    expect(outcomeInputSchema.safeParse({ ...base, amount: '12.345' }).success).toBe(false);
    expect(outcomeInputSchema.safeParse({ ...base, kind: 'other', amount: '' }).success).toBe(true);
    expect(
      taskInputSchema.safeParse({
        caseId: base.caseId,
        kind: 'task',
        title: 'x',
        dueOn: '2026-12-01',
        remindOn: '2026-12-02',
      }).success,
    ).toBe(false);
  });

  it('reads case references as people type them', () => {
    expect(normaliseReference('hc 2026 42')).toBe('HC-2026-0042');
    expect(normaliseReference('HC-2026-0042')).toBe('HC-2026-0042');
    expect(normaliseReference('HC-2026-12345')).toBe('HC-2026-12345');
    // With the desk's series letters (#5): spaces, dashes and case as typed.
    expect(normaliseReference('hc b 2026 42')).toBe('HC-B-2026-0042');
    expect(normaliseReference('HC-AB-2026-0042')).toBe('HC-AB-2026-0042');
    expect(normaliseReference(' hc-zz 2026-7 ')).toBe('HC-ZZ-2026-0007');
    // I and O are never series letters; four letters is not a series.
    expect(normaliseReference('HC-I-2026-0001')).toBeNull();
    expect(normaliseReference('HC-ABCD-2026-0001')).toBeNull();
    expect(normaliseReference('smith')).toBeNull();
  });
});
