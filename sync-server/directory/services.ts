import type { Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { serviceDetailsSchema, serviceSchema, type Service } from '#src/wire/directory.ts';

export { isReceiving } from '#src/directory/receiving.ts';

type ServiceRow = {
  id: string;
  organisation_id: string;
  organisation_name: string;
  name: string;
  description: string;
  issues: string[];
  areas: string[];
  email: string | null;
  phone: string | null;
  accepts_self_referral: boolean;
  receiving_state: string;
  receiving_until: string | null;
  receiving_reason: string | null;
  capacity_status: string;
  capacity_places: number | null;
  details: unknown;
  updated_at: Date | string;
};

const SELECT = `select s.id, s.organisation_id, o.name as organisation_name, s.name, s.description,
    s.issues, s.areas, s.email, s.phone, s.accepts_self_referral, s.receiving_state,
    s.receiving_until::text as receiving_until, s.receiving_reason,
    s.capacity_status, s.capacity_places, s.details, s.updated_at
  from services s join organisations o on o.id = s.organisation_id`;

const toService = (r: ServiceRow): Service =>
  serviceSchema.parse({
    // The details document was validated on the way in; parsing again fills
    // defaults for fields added since it was written.
    ...serviceDetailsSchema.parse(
      typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    ),
    id: r.id,
    organization_id: r.organisation_id,
    organization_name: r.organisation_name,
    name: r.name,
    description: r.description,
    issues: r.issues,
    areas: r.areas,
    email: r.email,
    phone: r.phone,
    accepts_self_referral: r.accepts_self_referral,
    receiving: { state: r.receiving_state, until: r.receiving_until, reason: r.receiving_reason },
    capacity: { status: r.capacity_status, places: r.capacity_places },
    updated_at: isoOf(r.updated_at),
  });

export const loadServices = async (q: Queryable, ids: readonly string[]): Promise<Service[]> =>
  ids.length === 0
    ? []
    : (await q.query<ServiceRow>(`${SELECT} where s.id = any($1::uuid[])`, [[...ids]])).map(
        toService,
      );

export const loadService = async (q: Queryable, id: string): Promise<Service | null> =>
  (await loadServices(q, [id]))[0] ?? null;

/** Every service, by organisation then name: for exports and public pages. */
export const loadAllServices = async (q: Queryable): Promise<Service[]> =>
  (await q.query<ServiceRow>(`${SELECT} order by o.name, s.name, s.id`)).map(toService);
