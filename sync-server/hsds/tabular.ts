import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An HSDS 3 tabular data package (a folder of CSV tables, one per object,
 * linked by ids) read back into nested service objects, so that it imports
 * through the same door as HSDS JSON. Only the tables Handover uses are read.
 */
export type Row = Record<string, string | null>;
export type Tables = Partial<Record<TableName, Row[]>>;

export const TABLES = [
  'organizations',
  'services',
  'phones',
  'schedules',
  'service_areas',
  'languages',
  'contacts',
  'required_documents',
  'locations',
  'addresses',
  'service_at_locations',
  'attributes',
  'taxonomy_terms',
] as const;
export type TableName = (typeof TABLES)[number];

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const c = input.charAt(i);
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
};

const records = (text: string): Row[] => {
  const [header, ...body] = parseCsv(text);
  if (!header) return [];
  return body.map((cells) =>
    Object.fromEntries(
      header.map((h, i) => [h.trim(), (cells[i] ?? '') === '' ? null : (cells[i] ?? null)]),
    ),
  );
};

/** The tables found in a folder; a missing table is an empty one. */
export const readTables = (dir: string): Tables => {
  const tables: Tables = {};
  for (const name of TABLES) {
    const file = join(dir, `${name}.csv`);
    if (existsSync(file)) tables[name] = records(readFileSync(file, 'utf8'));
  }
  return tables;
};

const by = (rows: Row[] | undefined, key: string): Map<string, Row[]> => {
  const map = new Map<string, Row[]>();
  for (const r of rows ?? []) {
    const k = r[key];
    if (k === null || k === undefined) continue;
    map.set(k, [...(map.get(k) ?? []), r]);
  }
  return map;
};

const num = (v: string | null | undefined): number | null =>
  v === null || v === undefined || v.trim() === '' ? null : Number(v);

/** Nested HSDS service objects, one per row of services.csv, in file order. */
export const servicesFromTables = (t: Tables): unknown[] => {
  const orgs = new Map((t.organizations ?? []).map((o) => [o.id, o]));
  const phones = by(t.phones, 'service_id');
  const contactPhones = by(t.phones, 'contact_id');
  const schedules = by(t.schedules, 'service_id');
  const areas = by(t.service_areas, 'service_id');
  const languages = by(t.languages, 'service_id');
  const contacts = by(t.contacts, 'service_id');
  const documents = by(t.required_documents, 'service_id');
  const sals = by(t.service_at_locations, 'service_id');
  const locations = new Map((t.locations ?? []).map((l) => [l.id, l]));
  const addresses = by(t.addresses, 'location_id');
  const attributes = by(t.attributes, 'link_id');
  const terms = new Map((t.taxonomy_terms ?? []).map((x) => [x.id, x]));
  return (t.services ?? []).map((s) => {
    const id = s.id ?? '';
    const org = s.organization_id ? orgs.get(s.organization_id) : undefined;
    return {
      ...s,
      minimum_age: num(s.minimum_age),
      maximum_age: num(s.maximum_age),
      ...(org ? { organization: { id: org.id, name: org.name } } : {}),
      phones: phones.get(id) ?? [],
      schedules: schedules.get(id) ?? [],
      service_areas: areas.get(id) ?? [],
      languages: languages.get(id) ?? [],
      contacts: (contacts.get(id) ?? []).map((c) => ({
        ...c,
        phones: c.id ? (contactPhones.get(c.id) ?? []) : [],
      })),
      required_documents: documents.get(id) ?? [],
      service_at_locations: (sals.get(id) ?? []).map((sal) => {
        const location = sal.location_id ? locations.get(sal.location_id) : undefined;
        return {
          ...sal,
          location: location
            ? { ...location, addresses: location.id ? (addresses.get(location.id) ?? []) : [] }
            : null,
        };
      }),
      attributes: (attributes.get(id) ?? []).map((a) => ({
        ...a,
        taxonomy_term: a.taxonomy_term_id ? (terms.get(a.taxonomy_term_id) ?? null) : null,
      })),
    };
  });
};
