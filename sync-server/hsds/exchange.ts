import { z } from 'zod';
import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { loadAllServices } from '#server/directory/services.ts';
import {
  fromHsdsService,
  hsdsServiceInSchema,
  toHsdsService,
  type HsdsService,
} from '#server/hsds/map.ts';
import { capacitySchema, receivingSchema, serviceDetailsSchema } from '#src/wire/directory.ts';

/** The whole directory as an HSDS 3 service list of full service objects, ordered by id. */
export const exportHsds = async (db: Db): Promise<HsdsService[]> =>
  (await loadAllServices(db)).sort((a, b) => a.id.localeCompare(b.id)).map(toHsdsService);

export type ImportProblem = { row: number; id: string | null; reason: string };
export type ImportReport = {
  created: number;
  updated: number;
  organisationsCreated: number;
};

const orgSchema = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1).max(200),
  services: z.array(z.unknown()).optional(),
});

/** The service rows in any shape the standard uses: a list, a page, one service, an organization with services. */
const rowsOf = (data: unknown): unknown[] => {
  if (Array.isArray(data)) return data;
  if (typeof data !== 'object' || data === null) return [data];
  const o = data as Record<string, unknown>;
  const contents: unknown = o.contents;
  if (Array.isArray(contents)) return contents as unknown[];
  const services: unknown = o.services;
  if (Array.isArray(services)) {
    const org = orgSchema.safeParse(o);
    return (services as unknown[]).map((s) =>
      org.success && typeof s === 'object' && s !== null
        ? { organization: { id: org.data.id, name: org.data.name }, ...s }
        : s,
    );
  }
  return [data];
};

const detail = (e: z.ZodError): string =>
  e.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');

/**
 * Imports HSDS 3 services: matches on ids (a known id is updated, never
 * duplicated), creates missing organisations from the service's
 * `organization`, and reports every row it could not take and why. All or
 * nothing: with any problem, nothing is written.
 */
export const importHsds = async (
  db: Db,
  data: unknown,
  now: Date = new Date(),
): Promise<{ ok: true; value: ImportReport } | { ok: false; problems: ImportProblem[] }> => {
  const rows = rowsOf(data);
  const problems: ImportProblem[] = [];
  const known = new Set(
    (await db.query<{ id: string }>('select id from organisations')).map((r) => r.id),
  );
  const newOrgs = new Map<string, string>();
  const ready: (ReturnType<typeof fromHsdsService> & { orgName: string | null })[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    const parsed = hsdsServiceInSchema.safeParse(raw);
    const rawId =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : null;
    if (!parsed.success) {
      problems.push({ row, id: rawId, reason: detail(parsed.error) });
      return;
    }
    const h = parsed.data;
    if (seen.has(h.id)) {
      problems.push({ row, id: h.id, reason: 'the same service id appears twice' });
      return;
    }
    seen.add(h.id);
    const orgId = h.organization?.id ?? h.organization_id ?? null;
    if (orgId === null) {
      problems.push({ row, id: h.id, reason: 'no organization_id or organization' });
      return;
    }
    if (!known.has(orgId)) {
      if (!h.organization) {
        problems.push({
          row,
          id: h.id,
          reason: `organization ${orgId} is not in this network and the row does not describe it`,
        });
        return;
      }
      newOrgs.set(orgId, h.organization.name);
    }
    const service = fromHsdsService(h, orgId);
    const details = serviceDetailsSchema.safeParse(service.details);
    const receiving = receivingSchema.safeParse(service.receiving);
    const capacity = capacitySchema.safeParse(service.capacity);
    const bad = [details, receiving, capacity].flatMap((r) => (r.success ? [] : [r.error]))[0];
    if (bad !== undefined) {
      problems.push({ row, id: h.id, reason: detail(bad) });
      return;
    }
    if (service.description.length > 5000) {
      problems.push({ row, id: h.id, reason: 'description: longer than 5,000 characters' });
      return;
    }
    ready.push({ ...service, orgName: h.organization?.name ?? null });
  });
  if (problems.length > 0) return { ok: false, problems };

  return changeTx(
    db,
    async (tx) => {
      for (const [id, name] of newOrgs) {
        await tx.query(
          'insert into organisations (id, name, nation, created_at) values ($1, $2, $3, $4)',
          [id, name, 'england-and-wales', now.toISOString()],
        );
      }
      let created = 0;
      let updated = 0;
      for (const s of ready) {
        const [existing] = await tx.query('select 1 from services where id = $1', [s.id]);
        if (existing) updated += 1;
        else created += 1;
        await tx.query(
          `insert into services (id, organisation_id, name, description, issues, areas, email, phone,
              accepts_self_referral, receiving_state, receiving_until, receiving_reason, updated_at,
              capacity_status, capacity_places, details)
           values ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, $11, $12, $13,
              $14, $15, $16::text::jsonb)
           on conflict (id) do update set organisation_id = excluded.organisation_id,
              name = excluded.name, description = excluded.description, issues = excluded.issues,
              areas = excluded.areas, email = excluded.email, phone = excluded.phone,
              accepts_self_referral = excluded.accepts_self_referral,
              receiving_state = excluded.receiving_state, receiving_until = excluded.receiving_until,
              receiving_reason = excluded.receiving_reason, updated_at = excluded.updated_at,
              capacity_status = excluded.capacity_status, capacity_places = excluded.capacity_places,
              details = excluded.details`,
          [
            s.id,
            s.organisationId,
            s.name,
            s.description,
            [...new Set(s.issues)],
            [...new Set(s.areas)],
            s.email,
            s.phone,
            s.acceptsSelfReferral,
            s.receiving.state,
            s.receiving.until,
            s.receiving.reason,
            s.lastModified ?? now.toISOString(),
            s.capacity.status,
            s.capacity.places,
            json(serviceDetailsSchema.parse(s.details)),
          ],
        );
        await tx.change('service', s.id, null);
      }
      return { ok: true as const, value: { created, updated, organisationsCreated: newOrgs.size } };
    },
    now,
  );
};
