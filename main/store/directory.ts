import { serviceSchema, type Service } from '#src/wire/directory.ts';
import { clearServiceRefusal } from '#main/directory/refusals.ts';
import type { Database } from '#main/store/open.ts';

/**
 * The directory cache: the whole network's services, kept for offline search.
 * Read back through the schema, so records cached by an older version get
 * today's defaults for fields added since.
 */
export const upsertService = (db: Database, service: Service): void => {
  db.prepare(
    'INSERT INTO directory_services (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
  ).run(service.id, JSON.stringify(service));
  // The server's newer record answers any refusal of an earlier change made here.
  clearServiceRefusal(db, service.id);
};

const parse = (data: string): Service => serviceSchema.parse(JSON.parse(data));

export const allServices = (db: Database): Service[] =>
  db
    .prepare<[], { data: string }>('SELECT data FROM directory_services')
    .all()
    .map((r) => parse(r.data));

export const getService = (db: Database, id: string): Service | null => {
  const row = db
    .prepare<[string], { data: string }>('SELECT data FROM directory_services WHERE id = ?')
    .get(id);
  return row ? parse(row.data) : null;
};
