import { newId } from '#src/ids.ts';
import { issueLabel } from '#src/taxonomy.ts';
import { formatPence, outcomeLabel, vulnerabilityLabel } from '#src/casework/schemas.ts';
import type { Database } from '#main/store/open.ts';
import { caseRecords } from '#main/store/case-records.ts';
import { listCases } from '#main/store/cases.ts';
import { getClient } from '#main/store/clients.ts';
import { referralsForClient } from '#main/store/referrals.ts';
import { ERASED_TEXT, scrubReferral } from '#src/referral/scrub.ts';
import {
  discardSetAsideFor,
  enqueue,
  removeFromOutbox,
  replaceWaiting,
  waitingFor,
} from '#main/store/outbox.ts';
import type { OutboxCommand } from '#src/wire/commands.ts';
import type { Referral } from '#src/wire/referral.ts';

/**
 * UK GDPR duties for one client's casework: erasure on request (leaving a
 * record that it happened, and none of their data), and a subject access
 * export of everything held about them.
 */

export type Erasure = {
  id: string;
  erasedAt: string;
  cases: number;
  records: number;
  /** Referrals about the client that had not been sent yet, cancelled (#5). */
  cancelledReferrals: number;
  /** Other waiting messages about them (notes on a referral), cancelled. */
  cancelledMessages: number;
  /** Referrals the network holds, which it is asked to erase them from (#5). */
  networkReferrals: number;
};

/** What erasing a client will cancel among what this desk has not sent yet. */
export type UnsentPlan = {
  /** Referrals never sent: their row and every waiting command for them go. */
  referrals: string[];
  /** Waiting commands cancelled: all of a never-sent referral's, and notes. */
  cancel: string[];
  /** How many of `cancel` are messages other than a referral's own sending. */
  messages: number;
  /** Waiting commands kept (the network tracks the referral) with their words replaced. */
  rewrite: OutboxCommand[];
};

/**
 * Free text a waiting status change carries, replaced rather than cancelled:
 * the referral is already with the network, which must still learn that it
 * was declined, closed or withdrawn, but not the adviser's words about the
 * person.
 */
const withoutWords = (command: OutboxCommand): OutboxCommand | null => {
  switch (command.type) {
    case 'referral.decline':
    case 'referral.unable-to-contact':
    case 'referral.withdraw':
      return command.text === '' ? null : { ...command, text: ERASED_TEXT };
    case 'referral.close':
      return { ...command, outcome: ERASED_TEXT };
    default:
      return null;
  }
};

/**
 * Looks through the outbox for what is waiting to go about a client (#5).
 * A referral whose `referral.send` is still waiting never reached the
 * network: it is cancelled whole. On a referral the network already has,
 * waiting notes are cancelled (free text about the person) and the words of
 * a waiting status change are replaced; coded changes (acknowledge, accept,
 * claim…) carry nothing about the person and still go.
 */
export const unsentAboutClient = (db: Database, clientId: string): UnsentPlan => {
  const referralIds = db
    .prepare<[string], { id: string }>('SELECT id FROM referrals WHERE client_id = ?')
    .all(clientId)
    .map((r) => r.id);
  const waiting = waitingFor(db, referralIds);
  const neverSent = new Set(
    waiting.filter((w) => w.command.type === 'referral.send').map((w) => w.subject),
  );
  const cancel: string[] = [];
  const rewrite: OutboxCommand[] = [];
  let messages = 0;
  for (const w of waiting) {
    if (neverSent.has(w.subject) || w.command.type === 'referral.note') {
      cancel.push(w.mutationId);
      if (w.command.type !== 'referral.send') messages += 1;
      continue;
    }
    const edited = withoutWords(w.command);
    if (edited !== null) rewrite.push(edited);
  }
  return { referrals: [...neverSent], cancel, messages, rewrite };
};

/** The counts the confirmation screen warns about before an erasure. */
export const unsentCounts = (
  db: Database,
  clientId: string,
): { unsentReferrals: number; unsentMessages: number; networkReferrals: number } => {
  const plan = unsentAboutClient(db, clientId);
  const all =
    db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM referrals WHERE client_id = ?')
      .get(clientId)?.n ?? 0;
  return {
    unsentReferrals: plan.referrals.length,
    unsentMessages: plan.messages,
    networkReferrals: all - plan.referrals.length,
  };
};

/**
 * Erases a client and everything recorded about them, in one transaction,
 * with `secure_delete` so the freed pages are overwritten, and the full-text
 * indexes merged so no deleted word survives in an old index segment. The
 * caller should VACUUM afterwards (done here too, outside the transaction)
 * so no free page keeps old content. Local copies of referrals keep their
 * row (the network still tracks them) but lose the link to the client and,
 * scrubbed, every detail about them. What has not been sent yet is
 * cancelled (see `unsentAboutClient`); a referral the network already has is
 * erased there too: a `referral.erase` goes in the outbox, in this same
 * transaction, and the other agency is told.
 */
export const eraseClient = (
  db: Database,
  clientId: string,
  by: string,
  now: Date,
): Erasure | null => {
  const erased = db.transaction((): Erasure | null => {
    if (getClient(db, clientId) === null) return null;
    const count = (sql: string): number =>
      db.prepare<[string], { n: number }>(sql).get(clientId)?.n ?? 0;
    const cases = count('SELECT count(*) AS n FROM cases WHERE client_id = ?');
    const records =
      count('SELECT count(*) AS n FROM case_notes WHERE client_id = ?') +
      count('SELECT count(*) AS n FROM case_tasks WHERE client_id = ?') +
      count('SELECT count(*) AS n FROM case_documents WHERE client_id = ?') +
      count('SELECT count(*) AS n FROM case_outcomes WHERE client_id = ?');
    // What has not gone to the network yet is cancelled first, in this same
    // transaction: an erased person's details must not leave afterwards.
    const unsent = unsentAboutClient(db, clientId);
    for (const mutationId of unsent.cancel) removeFromOutbox(db, mutationId);
    for (const command of unsent.rewrite) replaceWaiting(db, command);
    // Commands set aside about the client's referrals (#12) carry their words too.
    discardSetAsideFor(
      db,
      db
        .prepare<[string], { id: string }>('SELECT id FROM referrals WHERE client_id = ?')
        .all(clientId)
        .map((r) => r.id),
    );
    const cancelled = db.prepare(
      'INSERT INTO cancelled_referrals (id, cancelled_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    );
    for (const referralId of unsent.referrals) {
      db.prepare('DELETE FROM referrals WHERE id = ?').run(referralId);
      cancelled.run(referralId, now.toISOString());
    }
    const cancelledReferrals = unsent.referrals.length;
    const cancelledMessages = unsent.messages;
    db.prepare(
      'DELETE FROM case_document_content WHERE document_id IN (SELECT id FROM case_documents WHERE client_id = ?)',
    ).run(clientId);
    for (const table of [
      'case_documents',
      'case_outcomes',
      'case_tasks',
      'case_notes',
      'cases',
      'consents',
    ]) {
      db.prepare(`DELETE FROM ${table} WHERE client_id = ?`).run(clientId);
    }
    // Local copies of referrals about the client keep their row (the network
    // still tracks them) but lose the link and everything about the person;
    // the mark keeps them scrubbed when the network sends them again.
    const copies = db
      .prepare<[string], { id: string; data: string }>(
        'SELECT id, data FROM referrals WHERE client_id = ?',
      )
      .all(clientId);
    const scrub = db.prepare(
      'UPDATE referrals SET data = ?, client_id = NULL, client_erased_at = ? WHERE id = ?',
    );
    for (const copy of copies) {
      const scrubbed = scrubReferral(JSON.parse(copy.data) as Referral);
      scrub.run(JSON.stringify(scrubbed), now.toISOString(), copy.id);
      // The network's copy goes too, and the other agency is told (#5).
      enqueue(db, { type: 'referral.erase', mutationId: newId(), referralId: copy.id }, now);
    }
    const networkReferrals = copies.length;
    db.prepare('DELETE FROM clients WHERE id = ?').run(clientId);
    // Merge each full-text index into one segment, dropping deleted entries.
    db.exec(`INSERT INTO clients_fts (clients_fts) VALUES ('optimize');
      INSERT INTO case_notes_fts (case_notes_fts) VALUES ('optimize');`);
    const erasure: Erasure = {
      id: newId(),
      erasedAt: now.toISOString(),
      cases,
      records,
      cancelledReferrals,
      cancelledMessages,
      networkReferrals,
    };
    db.prepare(
      `INSERT INTO erasures (id, client_id, erased_at, erased_by, cases, records,
         cancelled_referrals, cancelled_messages, network_referrals)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      erasure.id,
      clientId,
      erasure.erasedAt,
      by,
      cases,
      records,
      cancelledReferrals,
      cancelledMessages,
      networkReferrals,
    );
    return erasure;
  });
  const secure = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    const result = erased.immediate();
    if (result !== null) {
      // Rewrite the file without free pages, and empty the WAL of old page images.
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  } finally {
    db.pragma(`secure_delete = ${secure === 1 ? 'ON' : 'OFF'}`);
  }
};

const line = (label: string, value: string | null | undefined): string =>
  `${label}: ${value === null || value === undefined || value === '' ? 'not recorded' : value}`;

/** Everything held about one client, as a plain text file a person can read. */
export const subjectAccessExport = (
  db: Database,
  clientId: string,
  agency: string,
  now: Date,
  /** Words for issue codes; pass the network's categories so its own ones read as words too. */
  labelIssue: (code: string) => string = issueLabel,
): { fileName: string; text: string } | null => {
  const client = getClient(db, clientId);
  if (client === null) return null;
  const out: string[] = [
    `Information held about ${client.name}`,
    `by ${agency}, in Handover, on ${now.toISOString().slice(0, 10)}`,
    '',
    'YOUR DETAILS',
    line('Name', client.name),
    line('Other names', client.otherNames),
    line('Date of birth', client.dateOfBirth),
    line('Phone', client.phone),
    line('Email', client.email),
    line('Address', client.address),
    line('Postcode', client.postcode),
    line('Best way to contact', client.preferredContact),
    line('Before contacting', client.contactNotes),
    line('Household', client.household),
    line('Language', client.language),
    line('Needs an interpreter', client.interpreterNeeded ? 'yes' : 'no'),
    line('Accessibility needs', client.accessibilityNeeds),
    line('Things to be aware of', client.vulnerabilities.map(vulnerabilityLabel).join(', ')),
    line('First recorded', client.createdAt),
    '',
  ];
  for (const c of listCases(db, clientId)) {
    const r = caseRecords(db, 'case', c.id);
    out.push(
      `CASE ${c.reference}`,
      line('About', c.issues.map(labelIssue).join(', ')),
      line('Summary', c.summary),
      line('Adviser', c.adviser),
      line('Opened', c.openedOn),
      line('Closed', c.closedOn),
      '',
      'Notes:',
      ...r.notes.map((n) => `- ${n.writtenAt} (${n.writtenBy}): ${n.text}`),
      'Tasks and key dates:',
      ...r.tasks.map((t) => `- ${t.title}, due ${t.dueOn}${t.doneAt === null ? '' : ', done'}`),
      'Documents (copies can be provided on request):',
      ...r.documents.map(
        (d) => `- ${d.name} (${d.mediaType}, ${d.size} bytes), added ${d.addedAt}`,
      ),
      'Outcomes:',
      ...r.outcomes.map(
        (o) =>
          `- ${outcomeLabel(o.kind)}: ${o.type}${o.amountPence === null ? '' : `, ${formatPence(o.amountPence)} ${o.period}`}`,
      ),
      '',
    );
  }
  const consents = db
    .prepare<[string], { at: string; method: string; shared: string; given_by: string }>(
      'SELECT at, method, shared, given_by FROM consents WHERE client_id = ? ORDER BY at',
    )
    .all(clientId);
  out.push(
    'CONSENT TO SHARE',
    ...consents.map((c) => `- ${c.at}: given by ${c.given_by} (${c.method}), shared ${c.shared}`),
    '',
  );
  out.push(
    'REFERRALS',
    ...referralsForClient(db, clientId).map(
      (r) =>
        `- ${r.referral.sentAt}: to ${r.referral.to.serviceName}, ${r.referral.to.organisationName} (${r.referral.status})`,
    ),
    '',
  );
  const safeName = client.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return {
    fileName: `subject-access-${safeName || 'client'}-${now.toISOString().slice(0, 10)}.txt`,
    text: out.join('\n'),
  };
};
