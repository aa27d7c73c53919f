import type { Db, Queryable } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { changeTx } from '#server/changes/write.ts';
import {
  organisationDetailsSchema,
  organisationViewSchema,
  type OrganisationView,
} from '#src/wire/organisation-edit.ts';

/** An agency with its details, as leads keep them and every desk may read them (#4). */
export const loadOrganisationView = async (
  q: Queryable,
  id: string,
): Promise<OrganisationView | null> => {
  const [row] = await q.query<{ id: string; name: string; nation: string; details: unknown }>(
    'select id, name, nation, details from organisations where id = $1',
    [id],
  );
  if (!row) return null;
  const details: unknown = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
  return organisationViewSchema.parse({
    ...organisationDetailsSchema.parse(details),
    id: row.id,
    name: row.name,
    nation: row.nation,
  });
};

/**
 * Saves an agency's name and details. Its services carry the agency's name,
 * so each is announced on the change feed for every desk to refresh.
 */
export const saveOrganisation = async (
  db: Db,
  id: string,
  edit: { name: string } & Record<string, unknown>,
  at: Date,
): Promise<OrganisationView | null> =>
  changeTx(
    db,
    async (tx) => {
      const { name, ...rest } = edit;
      const details = organisationDetailsSchema.parse(rest);
      const updated = await tx.query<{ id: string }>(
        'update organisations set name = $2, details = $3::text::jsonb where id = $1 returning id',
        [id, name, json(details)],
      );
      if (updated.length === 0) return null;
      const services = await tx.query<{ id: string }>(
        'select id from services where organisation_id = $1',
        [id],
      );
      for (const s of services) {
        await tx.query('update services set updated_at = $2 where id = $1', [
          s.id,
          at.toISOString(),
        ]);
        await tx.change('service', s.id, null);
      }
      return loadOrganisationView(tx, id);
    },
    at,
  );
