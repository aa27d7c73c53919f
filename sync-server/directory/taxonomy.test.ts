import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { loadService } from '#server/directory/services.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  seedTestNetwork,
  sendCommand,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { ISSUE_CATEGORIES } from '#src/taxonomy.ts';
import { API } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import { z } from 'zod';
import { issueCodeSchema } from '#src/wire/directory.ts';

const categoriesSchema = z.object({
  categories: z.array(z.object({ code: issueCodeSchema, label: z.string() })),
});

/**
 * Extending the issue taxonomy (#4): the coordinator adds a category; every
 * signed-in desk reads it, the open HSDS API lists it, services may use it,
 * and a category never added is refused.
 */
describe.each(BACKENDS)('the network’s issue categories on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let coordinator: string;
  let fred: string;
  let alice: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    await addLead(db, net.organisations.foodbank.id, 'fred@riverside.test', 'Fred Lead');
    t = testApp(db);
    [coordinator, fred, alice] = await Promise.all([
      t.signIn('co@network.test'),
      t.signIn('fred@riverside.test'),
      t.signIn('alice@northgate.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const add = (token: string, label: string) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/network/issue-categories`,
      headers: t.auth(token),
      payload: { label },
    });
  const update = (issues: string[]) => ({
    type: 'service.update',
    mutationId: newId(),
    serviceId: net.services.food,
    edit: {
      name: 'Emergency food parcels',
      description: 'Food for three days.',
      issues,
      areas: [],
      email: '',
      phone: '',
      accepts_self_referral: false,
      eligibility_description: '',
      minimum_age: null,
      maximum_age: null,
      other_criteria: [],
      application_process: '',
      referral_requirements: '',
      fees_description: '',
      languages: [],
      opening_times: null,
      contact: { name: '', phone: '', email: '' },
    },
  });
  const run = async (token: string, command: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/commands`,
      headers: t.auth(token),
      payload: { commands: [command] },
    });
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results[0];
  };

  it('refuses a category the network never added, on a service or a referral', async () => {
    expect(await run(fred, update(['food-support', 'x-cost-of-living']))).toMatchObject({
      status: 'rejected',
      reason: 'not-found',
    });
    expect(
      await run(alice, sendCommand(net.services.food, { issues: ['x-cost-of-living'] })),
    ).toMatchObject({ status: 'rejected', reason: 'not-found' });
  });

  it('lets only the coordinator add one; everyone reads it; no duplicates', async () => {
    expect((await add(fred, 'Cost of living')).statusCode).toBe(403);
    const res = await add(coordinator, 'Cost of living');
    expect(res.statusCode).toBe(201);
    const { categories } = categoriesSchema.parse((await t.get(alice, '/issue-categories')).json());
    expect(categories).toHaveLength(ISSUE_CATEGORIES.length + 1);
    expect(categories.at(-1)).toEqual({ code: 'x-cost-of-living', label: 'Cost of living' });
    expect((await add(coordinator, 'cost of living')).statusCode).toBe(409);
    expect((await add(coordinator, 'Debt')).statusCode).toBe(409);
    expect((await add(coordinator, '!!!')).statusCode).toBe(400);
  });

  it('lets a referral and a service use it, and the open HSDS API lists it', async () => {
    expect(
      await run(alice, sendCommand(net.services.food, { issues: ['x-cost-of-living'] })),
    ).toMatchObject({ status: 'applied' });
    expect(await run(fred, update(['food-support', 'x-cost-of-living']))).toMatchObject({
      status: 'applied',
    });
    expect((await loadService(db, net.services.food))?.issues).toEqual([
      'food-support',
      'x-cost-of-living',
    ]);
    const terms = await t.app.inject({
      method: 'GET',
      url: '/openreferral/v3/taxonomy_terms?per_page=100',
    });
    const body = z
      .object({ contents: z.array(z.object({ code: z.string(), name: z.string() })) })
      .parse(terms.json());
    expect(body.contents.find((c) => c.code === 'x-cost-of-living')?.name).toBe('Cost of living');
    // The public directory offers it as a filter, and finds the service by it.
    const page = await t.app.inject({ method: 'GET', url: '/directory?issue=x-cost-of-living' });
    expect(page.body).toMatch(/<option value="x-cost-of-living"\s+selected>/);
    expect(page.body).toContain('Emergency food parcels');
    expect(page.body).toContain('Food support, Cost of living');
  });
});
