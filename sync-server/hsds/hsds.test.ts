import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { exportHsds, importHsds } from '#server/hsds/exchange.ts';
import { HSDS_BASE } from '#server/hsds/map.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { must, seedTestNetwork, testApp, type TestNetwork } from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';

/** The HSDS 3 schemas in schemas/hsds, compiled once with ajv. */
const SCHEMAS = resolve(import.meta.dirname, '..', '..', 'schemas', 'hsds');
// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
// HSDS schedules give local opening times ("09:30:00") with the zone in a
// separate `timezone` field; ajv-formats' "time" insists on an offset, so the
// standard's "time" is checked as a time with an optional offset.
ajv.addFormat('time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([zZ]|[+-]\d{2}:?\d{2})?$/);
for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
}
const schema = (name: string): ValidateFunction =>
  ajv.getSchema(`https://handover.example/schemas/hsds/${name}.json`) ??
  (() => {
    throw new Error(`no schema ${name}`);
  })();
const expectValid = (name: string, value: unknown) => {
  const validate = schema(name);
  const valid = validate(value);
  expect(valid ? [] : validate.errors).toEqual([]);
};

describe.each(BACKENDS)('Open Referral HSDS 3 on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let rich: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    rich = must(
      await createService(db, {
        organisationId: net.organisations.advice.id,
        name: 'Money help line',
        description: 'Phone advice on debts.',
        issues: ['debt', 'welfare-benefits'],
        areas: ['NR1', 'NR2'],
        phone: '01603 000222',
        email: 'money@example.org',
        acceptsSelfReferral: true,
        receiving: { state: 'paused', until: '2099-03-01', reason: 'Training week' },
        capacity: { status: 'waitlist', places: 4 },
        details: {
          alternate_name: 'Money line',
          url: 'https://example.org/money',
          eligibility_description: 'Adults in Northtown.',
          minimum_age: 18,
          eligibility: { local_authorities: ['Northtown'], other_criteria: ['No other adviser'] },
          application_process: 'Refer through Handover.',
          referral_requirements: 'A list of debts.',
          fees_description: 'Free',
          languages: [{ name: 'Welsh', code: 'cy' }],
          schedules: [{ byday: 'MO,WE', opens_at: '09:30:00', closes_at: '16:00:00' }],
          service_areas: [{ name: 'Northtown' }],
          contacts: [{ name: 'Pat Money', title: 'Lead adviser', phone: '01603 000333' }],
          locations: [
            { name: 'Office', address_1: '1 High St', city: 'Northtown', postal_code: 'NR1 1AA' },
          ],
          required_documents: [{ document: 'Photo ID' }],
          assured_date: '2026-10-01',
        },
      }),
    ).id;
    t = testApp(db);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const api = (path: string) => t.app.inject({ method: 'GET', url: `${HSDS_BASE}${path}` });

  it('exports every service as a full HSDS 3 service object that the standard’s schema accepts', async () => {
    const exported = await exportHsds(db);
    const count = (await db.query<{ n: number }>('select count(*) as n from services'))[0]?.n;
    expect(exported).toHaveLength(count ?? -1);
    for (const s of exported) expectValid('service', s);
    const money = exported.find((s) => s.id === rich);
    expect(money).toMatchObject({
      name: 'Money help line',
      status: 'temporarily closed',
      alert: 'Training week',
      minimum_age: 18,
      phones: [{ number: '01603 000222' }],
      languages: [{ name: 'Welsh', code: 'cy' }],
      organization: { id: net.organisations.advice.id, name: 'Northgate Advice Centre' },
    });
    expect(money?.attributes.map((a) => a.taxonomy_term.code)).toEqual([
      'debt',
      'welfare-benefits',
    ]);
  });

  it('serves the read-only API with the standard’s paging fields, open to any origin', async () => {
    const first = await api('/services?per_page=2');
    expect(first.statusCode).toBe(200);
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const body = first.json<{ total_items: number; total_pages: number; contents: unknown[] }>();
    expectValid('service_list', body);
    expect(body).toMatchObject({ page_number: 1, size: 2, first_page: true, last_page: false });
    const last = (await api(`/services?per_page=2&page=${body.total_pages}`)).json<unknown>();
    expectValid('service_list', last);
    expect(last).toMatchObject({ last_page: true, page_number: body.total_pages });
    const beyond = (await api(`/services?page=99`)).json<unknown>();
    expect(beyond).toMatchObject({ empty: true, size: 0 });

    const one = await api(`/services/${rich}`);
    expectValid('service', one.json());
    expect((await api(`/services/${newId()}`)).statusCode).toBe(404);
    expect((await api('/services/not-an-id')).statusCode).toBe(404);

    const orgs = (await api('/organizations')).json<unknown>();
    expectValid('organization_list', orgs);
    const org = await api(`/organizations/${net.organisations.advice.id}`);
    expectValid('organization', org.json());
    expect(org.json<{ services: { id: string }[] }>().services.map((s) => s.id)).toContain(rich);
    expectValid('taxonomy_list', (await api('/taxonomies')).json());
    const terms = (await api('/taxonomy_terms?per_page=500')).json<{
      contents: { code: string }[];
    }>();
    expectValid('taxonomy_term_list', terms);
    expect(terms.contents.map((c) => c.code)).toContain('debt');
    expect((await api('')).json()).toMatchObject({ version: '3.0' });
  });

  it('round-trips: export, import into an empty network, export again — nothing lost or changed', async () => {
    const exported = await exportHsds(db);
    const other = await backend.open();
    try {
      must(await createNetwork(other.db, { name: 'Empty network' }));
      const imported = await importHsds(other.db, JSON.parse(JSON.stringify(exported)));
      expect(imported).toEqual({
        ok: true,
        value: { created: exported.length, updated: 0, organisationsCreated: 4 },
      });
      expect(await exportHsds(other.db)).toEqual(exported);
      // Importing again updates, never duplicates.
      const again = await importHsds(other.db, exported);
      expect(again).toEqual({
        ok: true,
        value: { created: 0, updated: exported.length, organisationsCreated: 0 },
      });
      expect(await exportHsds(other.db)).toEqual(exported);
    } finally {
      await other.drop();
    }
  });

  it('reports every row it cannot take, and then writes nothing', async () => {
    const before = await exportHsds(db);
    const changes = (await db.query<{ n: number }>('select count(*) as n from changes'))[0]?.n;
    const good = {
      id: newId(),
      name: 'New drop-in',
      status: 'active',
      organization_id: net.organisations.housing.id,
    };
    const result = await importHsds(db, [
      good,
      { id: 'not-a-uuid', name: 'Bad id', status: 'active' },
      { id: newId(), name: 'No status', organization_id: net.organisations.housing.id },
      { id: newId(), name: 'Unknown org', status: 'active', organization_id: newId() },
      { ...good, name: 'Same id again' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.row)).toEqual([2, 3, 4, 5]);
    expect(result.problems[0]?.reason).toContain('id');
    expect(result.problems[1]?.reason).toContain('status');
    expect(result.problems[2]?.reason).toContain('is not in this network');
    expect(result.problems[3]?.reason).toBe('the same service id appears twice');
    expect(await exportHsds(db)).toEqual(before);
    expect((await db.query<{ n: number }>('select count(*) as n from changes'))[0]?.n).toBe(
      changes,
    );
  });

  it('takes an organization with its services, and new services start paused for their lead', async () => {
    const orgId = newId();
    const serviceId = newId();
    const result = await importHsds(db, {
      id: orgId,
      name: 'Westbrook Carers Hub',
      description: 'Support for unpaid carers.',
      services: [
        {
          id: serviceId,
          name: 'Carers’ breaks',
          status: 'active',
          attributes: [
            {
              id: newId(),
              taxonomy_term: { id: newId(), code: 'carers', name: 'Carers', description: 'x' },
            },
          ],
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: { created: 1, updated: 0, organisationsCreated: 1 },
    });
    const [row] = (await exportHsds(db)).filter((s) => s.id === serviceId);
    expect(row).toMatchObject({
      organization_id: orgId,
      status: 'temporarily closed',
      handover: { issues: ['carers'], receiving: { state: 'paused', until: null } },
    });
  });
});
