import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guessMapping } from '#src/casework/import.ts';
import { importClients, previewImport } from '#main/casework/import.ts';
import { openStore } from '#main/store/open.ts';
import type { Database } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/** CSV import on a real encrypted store: all rows or none. */
let dir = '';
let db: Database;
const now = new Date('2026-11-23T11:00:00Z');
const count = () => db.prepare('SELECT count(*) FROM clients').pluck().get();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-import-'));
  const opened = openStore(join(dir, 'store.db'), randomBytes(32), MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  db = opened.value;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing a client list', () => {
  it('guesses columns from the header row, whatever their order', () => {
    expect(guessMapping(['Post Code', 'Client Name', 'E-mail', 'mobile'])).toMatchObject({
      postcode: 0,
      name: 1,
      email: 2,
      phone: 3,
      dateOfBirth: null,
    });
  });

  it('lists every row’s problems and imports nothing while any remain', () => {
    const csv =
      '\uFEFFName,Date of birth,Email\n"Smith, Jo",01/02/1990,jo@example.org\nAl,99/99/1990,x\n';
    const preview = previewImport(csv, null);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.rows).toEqual([
      { line: 2, name: 'Smith, Jo', problems: [] },
      {
        line: 3,
        name: 'Al',
        problems: [
          'Date of birth: Enter the date like 17/05/1980',
          expect.stringMatching(/^Email: /),
        ],
      },
    ]);
    expect(importClients(db, csv, preview.value.mapping, now)).toEqual({
      ok: false,
      reason: 'import-has-problems',
    });
    expect(count()).toBe(0);
    const fixed = csv.replace('Al,99/99/1990,x', 'Al,09/09/1990,al@example.org');
    expect(importClients(db, fixed, preview.value.mapping, now)).toEqual({
      ok: true,
      value: { imported: 2 },
    });
    expect(db.prepare('SELECT date_of_birth FROM clients ORDER BY name').pluck().all()).toEqual([
      '1990-09-09',
      '1990-02-01',
    ]);
  });

  it('says why a date of birth, phone or postcode is refused, in words (#12)', () => {
    const csv =
      'Name,Date of birth,Phone,Postcode\nFuture,01/01/2999,abc,ZZZZZZZZZZ\nFine,01/02/1990,+33 1 23 45 67 89,nr1 3ab\n';
    const preview = previewImport(csv, null);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.rows).toEqual([
      {
        line: 2,
        name: 'Future',
        problems: [
          'Date of birth: The date of birth cannot be in the future',
          expect.stringMatching(/^Phone: Enter a phone number, like /),
          'Postcode: Enter a UK postcode, like NR1 3AB',
        ],
      },
      { line: 3, name: 'Fine', problems: [] },
    ]);
    expect(importClients(db, csv, preview.value.mapping, now)).toMatchObject({ ok: false });
    expect(count()).toBe(0);
  });

  it('refuses what is not CSV', () => {
    expect(previewImport('"unterminated', null)).toEqual({
      ok: false,
      reason: 'import-unreadable',
    });
    expect(previewImport('', null)).toEqual({ ok: false, reason: 'import-unreadable' });
  });
});
