import type { Service } from '#src/wire/directory.ts';
import type { Database } from '#main/store/open.ts';

/** The directory cache: the whole network's services, kept for offline search. */
export const upsertService = (db: Database, service: Service): void => {
  db.prepare(
    'INSERT INTO directory_services (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
  ).run(service.id, JSON.stringify(service));
};

export const allServices = (db: Database): Service[] =>
  db
    .prepare<[], { data: string }>('SELECT data FROM directory_services')
    .all()
    .map((r) => JSON.parse(r.data) as Service);

export const getService = (db: Database, id: string): Service | null => {
  const row = db
    .prepare<[string], { data: string }>('SELECT data FROM directory_services WHERE id = ?')
    .get(id);
  return row ? (JSON.parse(row.data) as Service) : null;
};
