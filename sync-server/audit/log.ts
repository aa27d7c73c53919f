import { createHash } from 'node:crypto';
import type { Db, Queryable } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { LOCK_AUDIT } from '#server/db/locks.ts';

/**
 * The append-only audit log: every sign-in, every account change, every read
 * and change of referral data. Entries carry ids and metadata only — never a
 * client's details, an email body or a password.
 *
 * Each entry's hash is SHA-256 over the previous entry's hash and the entry's
 * canonical content, so an altered entry no longer matches its hash and a
 * removed one breaks the next entry's link. (Cutting entries off the end is
 * not caught by the chain alone: keep copies of the latest hash elsewhere,
 * e.g. in backups, to compare.)
 */
export type AuditDetail = Record<string, string | number | boolean | null>;

export type AuditEntry = {
  action: string;
  actorUserId: string | null;
  entityId?: string | null;
  /** The agencies the entry concerns: their leads may read it. */
  organisationIds: readonly (string | null)[];
  detail?: AuditDetail;
};

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level: the same content always gives the same text. */
export const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

type Content = {
  at: string;
  actorUserId: string | null;
  action: string;
  entityId: string | null;
  organisationIds: string[];
  detail: AuditDetail;
};

export const entryHash = (prevHash: string, content: Content): string =>
  createHash('sha256')
    .update(`${prevHash}\n${canonical(content)}`, 'utf8')
    .digest('hex');

/**
 * Appends one entry inside the caller's open transaction `q`, so the entry
 * commits or rolls back with the change it records: no change without its
 * entry, no entry for a change that did not happen. It takes the audit lock,
 * held until that transaction ends: call it last in the transaction, after
 * every other lock, so transactions always take the audit lock last.
 */
export const appendAuditIn = async (q: Queryable, entry: AuditEntry, at: Date): Promise<void> => {
  const content: Content = {
    at: at.toISOString(),
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityId: entry.entityId ?? null,
    organisationIds: [...new Set(entry.organisationIds.filter((o) => o !== null))].sort(),
    detail: entry.detail ?? {},
  };
  await q.query('select pg_advisory_xact_lock($1)', [LOCK_AUDIT]);
  const [last] = await q.query<{ hash: string }>(
    'select hash from audit_log order by n desc limit 1',
  );
  const prev = last?.hash ?? GENESIS;
  await q.query(
    `insert into audit_log (at, actor_user_id, action, entity_id, organisation_ids, detail,
        prev_hash, hash)
     values ($1, $2, $3, $4, $5::uuid[], $6::text::jsonb, $7, $8)`,
    [
      content.at,
      content.actorUserId,
      content.action,
      content.entityId,
      content.organisationIds,
      json(content.detail),
      prev,
      entryHash(prev, content),
    ],
  );
};

/** Appends one entry on its own, in order, under the audit lock (reads, sign-ins). */
export const appendAudit = (db: Db, entry: AuditEntry, at: Date): Promise<void> =>
  db.tx((q) => appendAuditIn(q, entry, at));

export type AuditRow = {
  n: number | string;
  at: Date | string;
  actor_user_id: string | null;
  action: string;
  entity_id: string | null;
  organisation_ids: string[];
  detail: AuditDetail;
  prev_hash: string;
  hash: string;
};

const contentOf = (r: AuditRow): Content => ({
  at: new Date(r.at).toISOString(),
  actorUserId: r.actor_user_id,
  action: r.action,
  entityId: r.entity_id,
  organisationIds: [...r.organisation_ids].sort(),
  detail: r.detail,
});

export type AuditVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entry: number; problem: 'altered' | 'link-broken' };

/** Walks the whole chain, a page at a time. */
export const verifyAudit = async (q: Queryable, pageSize = 1000): Promise<AuditVerdict> => {
  let prev = GENESIS;
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await q.query<AuditRow>(
      `select n, at, actor_user_id, action, entity_id, organisation_ids, detail, prev_hash, hash
         from audit_log where n > $1 order by n limit $2`,
      [after, pageSize],
    );
    for (const r of rows) {
      const n = Number(r.n);
      if (r.prev_hash !== prev) return { ok: false, entry: n, problem: 'link-broken' };
      if (entryHash(r.prev_hash, contentOf(r)) !== r.hash) {
        return { ok: false, entry: n, problem: 'altered' };
      }
      prev = r.hash;
      after = n;
      entries += 1;
    }
    if (rows.length < pageSize) return { ok: true, entries, lastHash: prev };
  }
};
