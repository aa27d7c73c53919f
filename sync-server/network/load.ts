import type { Queryable } from '#server/db/db.ts';
import { networkSchema, type Network } from '#src/wire/network.ts';
import { organisationSchema, type Organisation } from '#src/wire/directory.ts';

export const loadNetwork = async (q: Queryable): Promise<Network | null> => {
  const [row] = await q.query<{ id: string; name: string; settings: unknown }>(
    'select id, name, settings from network limit 1',
  );
  return row ? networkSchema.parse(row) : null;
};

export const loadOrganisation = async (q: Queryable, id: string): Promise<Organisation | null> => {
  const [row] = await q.query<{ id: string; name: string; nation: string }>(
    'select id, name, nation from organisations where id = $1',
    [id],
  );
  return row ? organisationSchema.parse(row) : null;
};
