import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { figuresSchema } from '#src/wire/accounts.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import { gapsResponseSchema, type GapCommand, type SignpostCommand } from '#src/wire/provision.ts';

/**
 * Gaps in provision and signposting (#4) through the outbox's command door:
 * applied once, refused for those who may not record them, listed for the
 * coordinator (and a lead, their own agency's) and counted in the figures.
 */
describe.each(BACKENDS)('gaps and signposting on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string; // adviser, Northgate
  let carol: string; // adviser, Eastfield
  let lena: string; // lead, Eastfield
  let nina: string; // lead, Northgate
  let coordinator: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    const lead = async (email: string, organisationId: string) =>
      must(
        await createUser(db, {
          email,
          name: email,
          role: 'lead',
          organisationId,
          password: PASSWORD,
        }),
      );
    await lead('lena@eastfield.test', net.organisations.housing.id);
    await lead('nina@northgate.test', net.organisations.advice.id);
    t = testApp(db, { now: clock.now });
    [alice, carol, lena, nina, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('lena@eastfield.test'),
      t.signIn('nina@northgate.test'),
      t.signIn('co@network.test'),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const run = async (token: string, ...commands: unknown[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/commands',
      headers: t.auth(token),
      payload: { commands },
    });
    expect(res.statusCode).toBe(200);
    return commandResultsSchema.parse(res.json()).results;
  };
  const gap = (over: Partial<GapCommand> = {}): GapCommand => ({
    type: 'gap.record',
    mutationId: newId(),
    gapId: newId(),
    issue: 'immigration',
    area: 'NR5',
    why: 'No immigration advice with space in the west of the city',
    ...over,
  });
  const signpost = (over: Partial<SignpostCommand> = {}): SignpostCommand => ({
    type: 'signpost.record',
    mutationId: newId(),
    signpostId: newId(),
    serviceId: net.services.food,
    issues: ['food-support'],
    postcodeDistrict: 'NR5',
    ...over,
  });
  const count = async (table: string) =>
    Number((await db.query<{ n: number }>(`select count(*) as n from ${table}`))[0]?.n);

  it('records a gap and a signposting once, however often the desk retries', async () => {
    const g = gap();
    const s = signpost();
    expect(await run(alice, g, s)).toEqual([
      { mutationId: g.mutationId, status: 'applied' },
      { mutationId: s.mutationId, status: 'applied' },
    ]);
    expect(await run(alice, g, s)).toEqual([
      { mutationId: g.mutationId, status: 'applied' },
      { mutationId: s.mutationId, status: 'applied' },
    ]);
    expect(await count('provision_gaps')).toBe(1);
    expect(await count('signposts')).toBe(1);
    // The same record under a new mutation id is not counted twice.
    const again = { ...g, mutationId: newId() };
    expect(await run(alice, again)).toMatchObject([{ status: 'rejected', reason: 'conflict' }]);
    expect(await count('provision_gaps')).toBe(1);
    // Another agency using those ids learns nothing of Northgate's records (#12).
    const probes = [
      { ...g, mutationId: newId() },
      { ...s, mutationId: newId() },
    ];
    expect(await run(carol, ...probes)).toMatchObject([
      { status: 'rejected', reason: 'not-found' },
      { status: 'rejected', reason: 'not-found' },
    ]);
    expect(await count('provision_gaps')).toBe(1);
    expect(await count('signposts')).toBe(1);
  });

  it('refuses records without their facts, from those who may not record, or for an unknown service', async () => {
    const before = [await count('provision_gaps'), await count('signposts')];
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/commands',
      headers: t.auth(alice),
      payload: { commands: [{ ...gap(), why: '  ' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(await run(coordinator, gap())).toMatchObject([
      { status: 'rejected', reason: 'forbidden' },
    ]);
    expect(await run(alice, signpost({ serviceId: newId() }))).toMatchObject([
      { status: 'rejected', reason: 'not-found' },
    ]);
    expect([await count('provision_gaps'), await count('signposts')]).toEqual(before);
  });

  it('lists gaps for the coordinator (all) and a lead (their own agency’s), never for an adviser', async () => {
    expect(
      await run(carol, gap({ issue: 'housing', area: 'nr2', why: 'No emergency beds' })),
    ).toMatchObject([{ status: 'applied' }]);
    const all = gapsResponseSchema.parse((await t.get(coordinator, '/gaps')).json()).gaps;
    expect(all.map((g) => [g.issue, g.area, g.organisationName]).sort()).toEqual([
      ['housing', 'nr2', 'Eastfield Housing Trust'],
      ['immigration', 'NR5', 'Northgate Advice Centre'],
    ]);
    expect(all.find((g) => g.issue === 'housing')?.recordedBy).toBe('carol');
    const eastfield = gapsResponseSchema.parse((await t.get(lena, '/gaps')).json()).gaps;
    expect(eastfield.map((g) => g.issue)).toEqual(['housing']);
    expect((await t.get(alice, '/gaps')).statusCode).toBe(403);
  });

  it('counts signposting beside referrals, and gaps by issue and area, in the figures', async () => {
    expect(await run(alice, sendCommand(net.services.food))).toMatchObject([{ status: 'applied' }]);
    const network = figuresSchema.parse((await t.get(coordinator, '/figures')).json());
    expect(network.provision).toEqual({
      referralsSent: 1,
      signposts: 1,
      gapsByIssue: { immigration: 1, housing: 1 },
      gapsByArea: { NR5: 1, NR2: 1 },
    });
    const northgate = figuresSchema.parse((await t.get(nina, '/figures')).json());
    expect(northgate.provision).toEqual({
      referralsSent: 1,
      signposts: 1,
      gapsByIssue: { immigration: 1 },
      gapsByArea: { NR5: 1 },
    });
  });
});
