import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeInputSchema } from '#src/casework/schemas.ts';
import { addNote, addOutcome, caseRecords } from '#main/store/case-records.ts';
import { getCase, openCase, updateCase } from '#main/store/cases.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import { getClient, insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import {
  applyRetention,
  RETENTION_SQL,
  retentionCutoff,
  retentionPreview,
} from '#main/store/retention.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/** The retention rule on a real encrypted store: shown first, then applied to what was shown. */
let dir = '';
let db: Database;
const now = new Date('2026-11-23T11:00:00Z');
let oldCase = '';
let recentCase = '';
let oldClient = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-retention-'));
  const opened = openStore(join(dir, 'store.db'), randomBytes(32), MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
  oldClient = insertClient(db, details({ name: 'Olwen Longago', postcode: 'NR1 3AB' }), now).id;
  const recentClient = insertClient(db, details({ name: 'Rhys Recent' }), now).id;
  const o = openCase(
    db,
    { clientId: oldClient, issues: ['debt'], summary: 'Old summary', openedOn: '2018-01-01' },
    'A',
    now,
  );
  const r = openCase(
    db,
    { clientId: recentClient, issues: ['debt'], summary: 'Recent summary', openedOn: '2025-01-01' },
    'A',
    now,
  );
  if (o === null || r === null) throw new Error('no case');
  oldCase = o.id;
  recentCase = r.id;
  addNote(db, { caseId: oldCase, text: 'Old note about Olwen' }, 'A', now);
  addOutcome(
    db,
    outcomeInputSchema.parse({
      caseId: oldCase,
      kind: 'debt-written-off',
      type: 'Council tax',
      amount: '500',
      period: 'one-off',
      achievedOn: '2019-05-01',
    }),
    'A',
    now,
  );
  updateCase(
    db,
    {
      id: oldCase,
      issues: ['debt'],
      summary: 'Old summary',
      status: 'closed',
      closedOn: '2019-06-01',
    },
    now,
  );
  updateCase(
    db,
    {
      id: recentCase,
      issues: ['debt'],
      summary: 'Recent summary',
      status: 'closed',
      closedOn: '2025-06-01',
    },
    now,
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the retention rule', () => {
  it('lists the cases it would anonymise before it acts, using the index', () => {
    expect(retentionCutoff(6, '2026-11-23')).toBe('2020-11-23');
    expect(retentionPreview(db, 6, '2026-11-23').map((c) => c.reference)).toEqual(['HC-2026-0001']);
    expect(retentionPreview(db, 1, '2026-11-23')).toHaveLength(2);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${RETENTION_SQL}`)
      .all('2020-11-23')
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/USING INDEX cases_closed/);
  });

  it('anonymises only what was shown and is still due, keeping figures', () => {
    expect(applyRetention(db, 6, [oldCase, recentCase], now)).toEqual({
      anonymisedCases: 1,
      anonymisedClients: 1,
    });
    expect(getCase(db, oldCase)).toMatchObject({
      summary: null,
      issues: ['debt'],
      closedOn: '2019-06-01',
    });
    const records = caseRecords(db, 'case', oldCase);
    expect(records.notes).toEqual([]);
    expect(records.outcomes.map((o) => o.amountPence)).toEqual([50000]);
    expect(getClient(db, oldClient)).toMatchObject({ name: 'Anonymised client', postcode: null });
    expect(searchCasework(db, 'olwen')).toEqual([]);
    expect(getCase(db, recentCase)?.summary).toBe('Recent summary');
    expect(retentionPreview(db, 6, '2026-11-23')).toEqual([]);
  });
});
