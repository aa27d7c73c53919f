import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { loadService } from '#server/directory/services.ts';
import { importHsds } from '#server/hsds/exchange.ts';
import { parseCsv, readTables, servicesFromTables } from '#server/hsds/tabular.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { seedTestNetwork } from '#server/test-support/network.ts';

const ORG = '0190c0de-aaaa-7000-8000-000000000001';
const SERVICE = '0190c0de-aaaa-7000-8000-000000000002';
const LOCATION = '0190c0de-aaaa-7000-8000-000000000003';
const TERM = '0190c0de-aaaa-7000-8000-000000000004';
const CONTACT = '0190c0de-aaaa-7000-8000-000000000005';
const id = (n: number) => `0190c0de-bbbb-7000-8000-${String(n).padStart(12, '0')}`;

/** A small tabular data package, as another directory system would publish it. */
const TABLES: Record<string, string> = {
  'organizations.csv': `id,name,description\r\n${ORG},Westbrook Law Centre,"Free legal advice, since 1978"\r\n`,
  'services.csv': `id,organization_id,name,description,status,minimum_age,eligibility_description,application_process\n${SERVICE},${ORG},Housing law clinic,"Eviction, disrepair and ""no fault"" notices.",active,18,Tenants in Westbrook,Phone to book\n`,
  'phones.csv': `id,service_id,contact_id,number\n${id(1)},${SERVICE},,01603 000444\n${id(2)},,${CONTACT},01603 000555\n`,
  'contacts.csv': `id,service_id,name,title,email\n${CONTACT},${SERVICE},Sam Solicitor,Supervising solicitor,sam@example.org\n`,
  'schedules.csv': `id,service_id,byday,opens_at,closes_at,description\n${id(3)},${SERVICE},TU,10:00:00,13:00:00,Clinic\n`,
  'languages.csv': `id,service_id,name,code\n${id(4)},${SERVICE},Polish,pl\n`,
  'locations.csv': `id,location_type,name\n${LOCATION},physical,Law centre\n`,
  'addresses.csv': `id,location_id,address_1,city,state_province,postal_code,country,address_type\n${id(5)},${LOCATION},2 Mill Lane,Westbrook,,IP3 4AA,GB,physical\n`,
  'service_at_locations.csv': `id,service_id,location_id\n${id(6)},${SERVICE},${LOCATION}\n`,
  'taxonomy_terms.csv': `id,code,name,description\n${TERM},housing,Housing,Housing help\n`,
  'attributes.csv': `id,link_id,link_type,link_entity,taxonomy_term_id\n${id(7)},${SERVICE},service,service,${TERM}\n`,
};

it('parses CSV with quotes, doubled quotes, commas and CRLF', () => {
  expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n\n1,\n')).toEqual([
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['1', ''],
  ]);
});

describe.each(BACKENDS)('importing HSDS 3 CSV tables on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'handover-hsds-csv-'));

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    await seedTestNetwork(db);
    for (const [file, text] of Object.entries(TABLES)) writeFileSync(join(dir, file), text);
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins the tables by id and imports the service with its organisation', async () => {
    const result = await importHsds(db, servicesFromTables(readTables(dir)));
    expect(result).toEqual({
      ok: true,
      value: { created: 1, updated: 0, organisationsCreated: 1 },
    });
    const service = await loadService(db, SERVICE);
    expect(service).toMatchObject({
      organization_id: ORG,
      organization_name: 'Westbrook Law Centre',
      name: 'Housing law clinic',
      description: 'Eviction, disrepair and "no fault" notices.',
      issues: ['housing'],
      phone: '01603 000444',
      minimum_age: 18,
      eligibility_description: 'Tenants in Westbrook',
      application_process: 'Phone to book',
      languages: [{ name: 'Polish', code: 'pl' }],
      schedules: [
        { byday: 'TU', opens_at: '10:00:00', closes_at: '13:00:00', description: 'Clinic' },
      ],
      contacts: [
        {
          name: 'Sam Solicitor',
          title: 'Supervising solicitor',
          email: 'sam@example.org',
          phone: '01603 000555',
        },
      ],
      locations: [
        { name: 'Law centre', address_1: '2 Mill Lane', city: 'Westbrook', postal_code: 'IP3 4AA' },
      ],
      // New to this network: paused until its lead turns referrals on.
      receiving: { state: 'paused', until: null },
    });
  });
});
