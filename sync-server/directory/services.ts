import type { Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { serviceSchema, type Receiving, type Service } from '#src/wire/directory.ts';

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
  updated_at: Date | string;
};

const SELECT = `select s.id, s.organisation_id, o.name as organisation_name, s.name, s.description,
    s.issues, s.areas, s.email, s.phone, s.accepts_self_referral, s.receiving_state,
    s.receiving_until::text as receiving_until, s.receiving_reason, s.updated_at
  from services s join organisations o on o.id = s.organisation_id`;

const toService = (r: ServiceRow): Service =>
  serviceSchema.parse({
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

/**
 * Whether a service takes referrals on `today` (YYYY-MM-DD). A pause with a
 * return date ends by itself on that date.
 */
export const isReceiving = (receiving: Receiving, today: string): boolean =>
  receiving.state === 'receiving' ||
  (receiving.state === 'paused' && receiving.until !== null && receiving.until <= today);
