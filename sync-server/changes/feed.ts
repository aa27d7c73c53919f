import type { Queryable } from '#server/db/db.ts';
import { loadServices } from '#server/directory/services.ts';
import { loadReferrals } from '#server/referrals/view.ts';
import type { Change, ChangesResponse } from '#src/wire/api.ts';

type Row = { seq: number; kind: 'referral' | 'service'; entity_id: string };

/**
 * One page of the change feed for an organisation (null: a user with none,
 * who sees the directory only). Each change carries the entity's current
 * view; an entity changed several times in a page appears once, at its
 * latest sequence number.
 *
 * Change rows commit in sequence order (see LOCK_CHANGES), so everything up
 * to the highest committed `seq` is final: when a page is the last one, the
 * cursor moves to that top even past rows this organisation cannot see.
 */
export const readChanges = async (
  q: Queryable,
  organisationId: string | null,
  after: number,
  limit: number,
): Promise<ChangesResponse> => {
  const [top] = await q.query<{ top: number | null }>('select max(seq) as top from changes');
  const rows = await q.query<Row>(
    `select seq, kind, entity_id from changes
      where seq > $1 and seq <= $2 and (visible_to is null or $3::uuid = any(visible_to))
      order by seq limit $4`,
    [after, top?.top ?? 0, organisationId, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const cursor = more ? (page.at(-1)?.seq ?? after) : Math.max(after, top?.top ?? 0);

  const latest = new Map<string, Row>();
  for (const r of page) latest.set(`${r.kind}:${r.entity_id}`, r);
  const wanted = [...latest.values()].sort((a, b) => a.seq - b.seq);
  const ids = (kind: Row['kind']) => wanted.filter((r) => r.kind === kind).map((r) => r.entity_id);
  const referrals = await loadReferrals(q, ids('referral'));
  const services = new Map((await loadServices(q, ids('service'))).map((s) => [s.id, s]));

  const changes: Change[] = [];
  for (const r of wanted) {
    if (r.kind === 'referral') {
      const referral = referrals.get(r.entity_id);
      if (referral) changes.push({ seq: r.seq, kind: 'referral', referral });
    } else {
      const service = services.get(r.entity_id);
      if (service) changes.push({ seq: r.seq, kind: 'service', service });
    }
  }
  return { changes, cursor, more };
};
