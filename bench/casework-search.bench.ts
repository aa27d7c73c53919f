import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addNote } from '#main/store/case-records.ts';
import { openCase } from '#main/store/cases.ts';
import { insertClient } from '#main/store/clients.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { ISSUE_CODES } from '#src/taxonomy.ts';
import { report, sample } from '#bench/stats.ts';

/**
 * Casework search on a large caseload: a generated encrypted store with
 * 100,000 clients and 500,000 case notes (built once into a temp folder;
 * build time printed apart), searched the ways advisers search: part names
 * in any order, date of birth, phone, postcode, case reference, note words.
 * The store is closed and reopened before searching, so the page cache
 * starts cold as after a restart.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const NOTES = Number(process.env.BENCH_NOTES ?? 500_000);

const FIRST = [
  'Mary',
  'John',
  'Aisha',
  'Mohammed',
  'Zofia',
  'Liam',
  'Olivia',
  'Noah',
  'Amelia',
  'Oliver',
  'Isla',
  'Jack',
  'Priya',
  'Tomasz',
  'Grace',
  'Kwame',
  'Fatima',
  'Harry',
  'Chloe',
  'Daniel',
  'Sophie',
  'Adam',
  'Ewa',
  'Yusuf',
  'Megan',
  'Ravi',
  'Niamh',
  'Ciaran',
  'Hannah',
  'Lewis',
];
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Khan',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Kowalski',
  'Nowak',
  'Okafor',
  'Begum',
  'Hughes',
  'Edwards',
  'Clarke',
  'Murphy',
  'Singh',
  'Ahmed',
  'Lewis',
];
const WORDS = [
  'called',
  'landlord',
  'arrears',
  'council',
  'tax',
  'universal',
  'credit',
  'sanction',
  'appeal',
  'mandatory',
  'reconsideration',
  'foodbank',
  'voucher',
  'energy',
  'debt',
  'relief',
  'order',
  'bailiffs',
  'eviction',
  'notice',
  'section',
  'hearing',
  'tribunal',
  'pip',
  'assessment',
  'letter',
  'sent',
  'client',
  'phoned',
  'agreed',
  'payment',
  'plan',
  'creditor',
  'income',
  'expenditure',
  'budget',
  'grant',
  'application',
  'housing',
  'benefit',
  'discretionary',
  'support',
  'visited',
  'office',
  'documents',
  'bank',
  'statements',
  'wages',
  'employer',
  'overpayment',
];
const AREAS = ['NR1', 'NR2', 'NR3', 'NR4', 'NR5', 'NR6', 'NR7', 'IP1', 'IP2', 'PE30', 'CB1', 'CB2'];

let seed = 7;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
const letters = 'ABDEFGHJLNPQRSTUWXYZ';
const postcode = (): string =>
  `${pick(AREAS)} ${rand(10)}${letters[rand(letters.length)] ?? 'A'}${letters[rand(letters.length)] ?? 'B'}`;
const phone = (i: number): string => `07${String(700000000 + i * 37).padStart(9, '0')}`;
const dob = (): string =>
  `${1940 + rand(65)}-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;

// BENCH_KEEP_DIR keeps the generated store (and its key) between runs, to
// compare query changes without building again.
const keep = process.env.BENCH_KEEP_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'handover-bench-casework-'));
mkdirSync(dir, { recursive: true });
const file = join(dir, 'store.db');
const keyFile = join(dir, 'key');
const reuse = keep !== undefined && existsSync(file) && existsSync(keyFile);
const key = reuse ? readFileSync(keyFile) : randomBytes(32);
if (keep !== undefined) writeFileSync(keyFile, key, { mode: 0o600 });
const samplesFor = {
  names: [] as string[],
  dobs: [] as string[],
  phones: [] as string[],
  postcodes: [] as string[],
  refs: [] as string[],
};
try {
  if (!reuse) build();
  else {
    const db = openStore(file, key, MIGRATIONS);
    if (!db.ok) throw new Error(db.reason);
    const rows = db.value
      .prepare<
        [],
        { name: string; date_of_birth: string; phone: string; postcode: string; reference: string }
      >(
        `SELECT name, date_of_birth, phone, postcode, reference FROM clients JOIN cases ON cases.client_id = clients.id
         WHERE clients.rowid % 997 = 1`,
      )
      .all();
    for (const r of rows) {
      samplesFor.names.push(r.name);
      samplesFor.dobs.push(r.date_of_birth);
      samplesFor.phones.push(r.phone);
      samplesFor.postcodes.push(r.postcode);
      samplesFor.refs.push(r.reference);
    }
    db.value.close();
  }
  await measure();
} finally {
  if (keep === undefined) rmSync(dir, { recursive: true, force: true });
}

function build(): void {
  const built = performance.now();
  const opened = openStore(file, key, MIGRATIONS);
  if (!opened.ok) throw new Error(opened.reason);
  const db = opened.value;
  // Building is not what is measured: commit in large batches.
  db.pragma('synchronous = OFF');
  const now = new Date('2026-11-23T10:00:00Z');
  const caseIds: string[] = [];
  const BATCH = 5_000;
  for (let start = 0; start < CLIENTS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(CLIENTS, start + BATCH); i += 1) {
        const name = `${pick(FIRST)} ${pick(FIRST)} ${pick(LAST)}`;
        const client = insertClient(
          db,
          details({
            name,
            dateOfBirth: dob(),
            postcode: postcode(),
            phone: phone(i),
            otherNames: rand(10) === 0 ? pick(LAST) : null,
          }),
          now,
        );
        const opened2 = openCase(
          db,
          {
            clientId: client.id,
            issues: [pick(ISSUE_CODES)],
            summary: null,
            openedOn: '2026-01-01',
          },
          'Bench Adviser',
          now,
        );
        if (opened2 === null) throw new Error('no case');
        caseIds.push(opened2.id);
        if (i % 997 === 0) {
          samplesFor.names.push(name);
          samplesFor.dobs.push(client.dateOfBirth ?? '');
          samplesFor.phones.push(client.phone ?? '');
          samplesFor.postcodes.push(client.postcode ?? '');
          samplesFor.refs.push(opened2.reference);
        }
      }
    })();
  }
  for (let start = 0; start < NOTES; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(NOTES, start + BATCH); i += 1) {
        const text = Array.from({ length: 12 + rand(30) }, () => pick(WORDS)).join(' ');
        addNote(db, { caseId: pick(caseIds), text }, 'Bench Adviser', now);
      }
    })();
  }
  db.exec(`INSERT INTO clients_fts (clients_fts) VALUES ('optimize');
    INSERT INTO case_notes_fts (case_notes_fts) VALUES ('optimize');`);
  db.close();
  console.log(
    `build: ${CLIENTS.toLocaleString('en-GB')} clients, ${NOTES.toLocaleString('en-GB')} notes in ${((performance.now() - built) / 1000).toFixed(1)} s (${(statSync(file).size / 1e6).toFixed(0)} MB encrypted)`,
  );
}

async function measure(): Promise<void> {
  const reopened = openStore(file, key, MIGRATIONS);
  if (!reopened.ok) throw new Error(reopened.reason);
  const store = reopened.value;

  const kinds: Record<string, (i: number) => string> = {
    'name, part words in any order': (i) => {
      const [first = '', , last = ''] = (samplesFor.names[i % samplesFor.names.length] ?? '').split(
        ' ',
      );
      return `${last.slice(0, 4)} ${first.slice(0, 3)}`;
    },
    'name, one short prefix': (i) =>
      (samplesFor.names[i % samplesFor.names.length] ?? 'Sm').slice(0, 2),
    'date of birth': (i) => {
      const [y, m, d] = (samplesFor.dobs[i % samplesFor.dobs.length] ?? '').split('-');
      return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
    },
    phone: (i) => samplesFor.phones[i % samplesFor.phones.length] ?? '',
    postcode: (i) => (samplesFor.postcodes[i % samplesFor.postcodes.length] ?? '').replace(' ', ''),
    'case reference': (i) => samplesFor.refs[i % samplesFor.refs.length] ?? '',
    'note words': (i) => `${pick(WORDS)} ${pick(WORDS).slice(0, 4)}${i % 2 === 0 ? '' : ''}`,
    'rare word (no match)': () => 'zanzibar',
  };
  const all: number[] = [];
  for (const [what, query] of Object.entries(kinds)) {
    let i = 0;
    const samples = await sample(() => searchCasework(store, query(i++)), 100);
    all.push(...samples);
    report(`casework search: ${what}`, samples);
  }
  report(
    `casework search: all kinds (${CLIENTS.toLocaleString('en-GB')} clients, ${NOTES.toLocaleString('en-GB')} notes)`,
    all,
  );
  store.close();
}
