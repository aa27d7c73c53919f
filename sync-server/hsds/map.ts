import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ISSUE_CATEGORIES, issueLabel } from '#src/taxonomy.ts';
import {
  capacitySchema,
  issueCodeSchema,
  receivingSchema,
  serviceDetailsSchema,
  type Service,
} from '#src/wire/directory.ts';
import { day, instant } from '#src/wire/dates.ts';
import { stored } from '#src/wire/text.ts';

/**
 * Handover's service record ↔ Open Referral HSDS 3.0. Standard fields carry
 * everything the standard has a place for; what it has not (receiving,
 * capacity, postcode districts, structured eligibility, referral needs) rides
 * in a `handover` extension object, so an export imports back unchanged.
 * Child objects get ids derived from their parent's, so an export is stable.
 */
export const HSDS_BASE = '/openreferral/v3';

export const ISSUE_TAXONOMY = {
  id: '0190c0de-4a1d-7000-8000-000000000001',
  name: 'Handover issue categories',
  description: 'The issue categories advice networks use for what a client needs help with.',
  uri: null,
  version: '1',
};

/** A stable UUID (version 5 layout) for a child object. */
export const childId = (...parts: string[]): string => {
  const h = createHash('sha1').update(parts.join(':')).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const issueTermId = (code: string): string => childId(ISSUE_TAXONOMY.id, code);

export const issueTerm = (code: string, label: string = issueLabel(code)) => ({
  id: issueTermId(code),
  code,
  name: label,
  description: `Help with: ${label.toLowerCase()}`,
  parent_id: null,
  taxonomy: ISSUE_TAXONOMY.name,
  taxonomy_id: ISSUE_TAXONOMY.id,
  language: 'en',
  term_uri: null,
});

export const ISSUE_TERMS = ISSUE_CATEGORIES.map((c) => issueTerm(c.code));

export type HsdsOrganization = { id: string; name: string; description: string };

const status = (s: Service): string =>
  s.receiving.state === 'receiving'
    ? 'active'
    : s.receiving.state === 'paused'
      ? 'temporarily closed'
      : 'inactive';

export const toHsdsOrganization = (
  s: Pick<Service, 'organization_id' | 'organization_name'>,
): HsdsOrganization => ({
  id: s.organization_id,
  name: s.organization_name,
  description: s.organization_name,
});

/** A full HSDS 3 service object, as in the standard's examples. */
export const toHsdsService = (s: Service) => {
  const id = (kind: string, i: number) => childId(s.id, kind, String(i));
  return {
    id: s.id,
    organization_id: s.organization_id,
    name: s.name,
    alternate_name: s.alternate_name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: status(s),
    application_process: s.application_process,
    fees_description: s.fees_description,
    eligibility_description: s.eligibility_description,
    minimum_age: s.minimum_age,
    maximum_age: s.maximum_age,
    assured_date: s.assured_date,
    alert:
      s.receiving.state === 'receiving' || s.receiving.reason === null ? null : s.receiving.reason,
    last_modified: s.updated_at,
    phones: s.phone === null ? [] : [{ id: id('phone', 0), number: s.phone }],
    schedules: s.schedules.map((o, i) => ({ id: id('schedule', i), freq: 'WEEKLY', ...o })),
    service_areas: s.service_areas.map((a, i) => ({ id: id('service_area', i), ...a })),
    languages: s.languages.map((l, i) => ({ id: id('language', i), ...l })),
    contacts: s.contacts.map((c, i) => ({
      id: id('contact', i),
      name: c.name,
      title: c.title,
      email: c.email,
      phones: c.phone === null ? [] : [{ id: id('contact-phone', i), number: c.phone }],
    })),
    required_documents: s.required_documents.map((d, i) => ({ id: id('document', i), ...d })),
    service_at_locations: s.locations.map((l, i) => {
      const locationId = id('location', i);
      return {
        id: id('service_at_location', i),
        service_id: s.id,
        location_id: locationId,
        location: {
          id: locationId,
          location_type: 'physical',
          name: l.name,
          addresses: [
            {
              id: id('address', i),
              address_1: l.address_1,
              city: l.city,
              state_province: '',
              postal_code: l.postal_code,
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      };
    }),
    attributes: s.issues.map((code) => ({
      id: childId(s.id, 'attribute', code),
      link_id: s.id,
      link_type: 'service',
      link_entity: 'service',
      taxonomy_term_id: issueTermId(code),
      taxonomy_term: issueTerm(code),
    })),
    organization: toHsdsOrganization(s),
    handover: {
      issues: s.issues,
      areas: s.areas,
      accepts_self_referral: s.accepts_self_referral,
      receiving: s.receiving,
      capacity: s.capacity,
      eligibility: s.eligibility,
      referral_requirements: s.referral_requirements,
    },
  };
};
export type HsdsService = ReturnType<typeof toHsdsService>;

/** Imported text: never NUL nor half a character, which PostgreSQL cannot keep (#12). */
const str = stored();
const opt = <T extends z.ZodType>(t: T) => t.nullish();

/** What Handover reads from an HSDS 3 service (its own extension when present). */
export const hsdsServiceInSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid().nullish(),
  name: str.trim().min(1).max(200),
  alternate_name: opt(str),
  description: opt(str.max(5000)),
  url: opt(str),
  email: opt(str),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  application_process: opt(str),
  fees_description: opt(str),
  eligibility_description: opt(str),
  minimum_age: opt(z.number().int()),
  maximum_age: opt(z.number().int()),
  assured_date: opt(day()),
  alert: opt(str),
  last_modified: opt(instant({ offset: true })),
  phones: z.array(z.object({ number: str })).nullish(),
  schedules: z
    .array(
      z.object({
        byday: opt(str),
        opens_at: opt(str),
        closes_at: opt(str),
        description: opt(str),
      }),
    )
    .nullish(),
  service_areas: z.array(z.object({ name: opt(str), description: opt(str) })).nullish(),
  languages: z.array(z.object({ name: opt(str), code: opt(str) })).nullish(),
  contacts: z
    .array(
      z.object({
        name: opt(str),
        title: opt(str),
        email: opt(str),
        phones: z.array(z.object({ number: str })).nullish(),
      }),
    )
    .nullish(),
  required_documents: z.array(z.object({ document: opt(str) })).nullish(),
  service_at_locations: z
    .array(
      z.object({
        location: z
          .object({
            name: opt(str),
            addresses: z
              .array(z.object({ address_1: opt(str), city: opt(str), postal_code: opt(str) }))
              .nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  attributes: z
    .array(z.object({ taxonomy_term: z.object({ code: opt(str) }).nullish() }))
    .nullish(),
  organization: z.object({ id: z.uuid(), name: str.trim().min(1).max(200) }).nullish(),
  handover: z
    .object({
      issues: z.array(issueCodeSchema).max(30),
      areas: z.array(str.max(10)).max(500),
      accepts_self_referral: z.boolean(),
      receiving: receivingSchema,
      capacity: capacitySchema,
      eligibility: serviceDetailsSchema.shape.eligibility,
      referral_requirements: str.max(2000),
    })
    .nullish(),
});
export type HsdsServiceIn = z.infer<typeof hsdsServiceInSchema>;

const nn = <T>(v: T | null | undefined): T | null => v ?? null;

/** An HSDS service as Handover's record (organisation name and update time set by the caller). */
export const fromHsdsService = (h: HsdsServiceIn, organizationId: string) => {
  const ext = h.handover ?? null;
  const issueCodes = (h.attributes ?? [])
    .map((a) => issueCodeSchema.safeParse(a.taxonomy_term?.code))
    .flatMap((r) => (r.success ? [r.data] : []));
  return {
    id: h.id,
    organisationId: organizationId,
    /** Kept, so that an export imported elsewhere says when the record really changed. */
    lastModified: nn(h.last_modified),
    name: h.name,
    description: h.description ?? '',
    issues: ext?.issues ?? [...new Set(issueCodes)],
    areas: ext?.areas ?? [],
    email: nn(h.email),
    phone: nn(h.phones?.[0]?.number),
    acceptsSelfReferral: ext?.accepts_self_referral ?? false,
    // A service new to this network starts paused until its lead turns it on.
    receiving: ext?.receiving ?? {
      state: 'paused' as const,
      until: null,
      reason: 'Imported: waiting for its lead to turn referrals on',
    },
    capacity: ext?.capacity ?? { status: 'capacity' as const, places: null },
    details: {
      alternate_name: nn(h.alternate_name),
      url: nn(h.url),
      eligibility_description: h.eligibility_description ?? '',
      minimum_age: nn(h.minimum_age),
      maximum_age: nn(h.maximum_age),
      eligibility: ext?.eligibility ?? {
        local_authorities: [],
        referring_organization_ids: [],
        other_criteria: [],
      },
      application_process: h.application_process ?? '',
      referral_requirements: ext?.referral_requirements ?? '',
      fees_description: h.fees_description ?? '',
      languages: (h.languages ?? []).flatMap((l) =>
        l.name ? [{ name: l.name, code: nn(l.code) }] : [],
      ),
      schedules: (h.schedules ?? []).map((o) => ({
        byday: o.byday ?? '',
        opens_at: nn(o.opens_at),
        closes_at: nn(o.closes_at),
        description: o.description ?? '',
      })),
      service_areas: (h.service_areas ?? []).flatMap((a) =>
        a.name ? [{ name: a.name, description: nn(a.description) }] : [],
      ),
      contacts: (h.contacts ?? []).map((c) => ({
        name: nn(c.name),
        title: nn(c.title),
        email: nn(c.email),
        phone: nn(c.phones?.[0]?.number),
      })),
      locations: (h.service_at_locations ?? []).flatMap((sal) => {
        const l = sal.location;
        if (!l) return [];
        const a = l.addresses?.[0];
        return [
          {
            name: nn(l.name),
            address_1: a?.address_1 ?? '',
            city: a?.city ?? '',
            postal_code: a?.postal_code ?? '',
          },
        ];
      }),
      required_documents: (h.required_documents ?? []).flatMap((d) =>
        d.document ? [{ document: d.document }] : [],
      ),
      assured_date: nn(h.assured_date),
    },
  };
};
