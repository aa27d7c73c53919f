import { randomUUID } from 'node:crypto';
import { appendAudit, verifyAudit } from '#server/audit/log.ts';
import { openDb } from '#server/db/open.ts';
import { report, sample } from '#bench/stats.ts';

/**
 * The audit log's cost on PGlite in memory: one append (every signed-in
 * request that reads or changes referral data pays it, under the audit lock),
 * and a full `verify-audit` walk of 10,000 entries.
 */
const db = await openDb({});
try {
  const orgs = [randomUUID(), randomUUID()];
  const at = new Date('2026-11-23T10:00:00.000Z');
  const appends = await sample(
    () =>
      appendAudit(
        db,
        {
          action: 'referral.read',
          actorUserId: randomUUID(),
          entityId: randomUUID(),
          organisationIds: orgs,
          detail: { via: 'change-feed' },
        },
        at,
      ),
    2_000,
  );
  report('audit append (one entry)', appends);
  const count = async () =>
    (await db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]?.n ?? 0;
  for (let n = await count(); n < 10_000; n += 1) {
    await appendAudit(db, { action: 'sign-in', actorUserId: null, organisationIds: [] }, at);
  }
  const walks = await sample(
    async () => {
      const verdict = await verifyAudit(db);
      if (!verdict.ok || verdict.entries !== 10_000) throw new Error('bench: chain not intact');
    },
    5,
    1,
  );
  report('verify-audit over 10,000 entries', walks);
} finally {
  await db.close();
}
