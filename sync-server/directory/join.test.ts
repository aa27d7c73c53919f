import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API } from '#src/wire/api.ts';
import { joinApprovedSchema, joinRequestsResponseSchema } from '#src/wire/join.ts';

/**
 * Agencies asking to join the network (#4): the public form (with its
 * guards), then the coordinator's decision; approving creates the agency and
 * invites its lead with a one-time code that works.
 */
describe.each(BACKENDS)('joining the network on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let coordinator: string;
  let fred: string; // lead
  let alice: string; // adviser

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    must(
      await createUser(db, {
        email: 'fred@riverside.test',
        name: 'Fred Lead',
        role: 'lead',
        organisationId: net.organisations.foodbank.id,
        password: PASSWORD,
      }),
    );
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

  const openForm = async (ip: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/directory/join', remoteAddress: ip });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(res.body)?.[1] ?? '';
    return { cookie, csrf };
  };
  const send = (fields: Record<string, string>, cookie: string, ip: string) =>
    t.app.inject({
      method: 'POST',
      url: '/directory/join',
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams(fields).toString(),
    });
  const good = {
    organisation: 'Westside Money Help',
    nation: 'england-and-wales',
    about: 'Free debt advice for people in the west of the city.',
    name: 'Wendy West',
    email: 'Wendy@westside.test',
    website: '',
  };
  const count = async () =>
    Number((await db.query<{ n: number }>('select count(*) as n from join_requests'))[0]?.n);
  const decide = (token: string, id: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/join-requests/${id}/decision`,
      headers: t.auth(token),
      payload: body,
    });
  const open = async () =>
    joinRequestsResponseSchema.parse((await t.get(coordinator, '/join-requests')).json()).requests;

  // Issue #12: NUL answered 500 (PostgreSQL refuses it); so did a JSON array for a body.
  it('refuses text with NUL by field, keeping the rest, and a JSON array, never a 500', async () => {
    const before = await count();
    const ip = '203.0.113.70';
    const { cookie, csrf } = await openForm(ip);
    const res = await send({ ...good, organisation: 'West\u0000side', csrf }, cookie, ip);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This had invisible characters that cannot be kept');
    expect(res.body).toContain('value="Westside"');
    for (const payload of ['[1,2]', JSON.stringify([{ ...good, csrf }]), '"x"', 'null']) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/directory/join',
        remoteAddress: ip,
        headers: { 'content-type': 'application/json', cookie },
        payload,
      });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    expect(await count()).toBe(before);
  });

  it('keeps nothing without the form’s token, from the honeypot, or with problems', async () => {
    const { cookie, csrf } = await openForm('203.0.113.20');
    expect((await send({ ...good, csrf }, '', '203.0.113.20')).statusCode).toBe(403);
    const bot = await send(
      { ...good, website: 'http://spam.example', csrf },
      cookie,
      '203.0.113.20',
    );
    expect(bot.statusCode).toBe(200);
    expect(bot.body).toContain('Your request has been sent');
    const bad = await send(
      { ...good, organisation: '', email: 'nope', csrf },
      cookie,
      '203.0.113.20',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter your agency’s name');
    expect(bad.body).toContain('Enter an email address, like name@example.org');
    expect(await count()).toBe(0);
  });

  it('takes a request, which only the coordinator sees', async () => {
    const { cookie, csrf } = await openForm('203.0.113.21');
    const res = await send({ ...good, csrf }, cookie, '203.0.113.21');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your request has been sent');
    expect(await open()).toMatchObject([
      {
        organisationName: 'Westside Money Help',
        contactName: 'Wendy West',
        contactEmail: 'wendy@westside.test',
      },
    ]);
    for (const token of [fred, alice]) {
      expect((await t.get(token, '/join-requests')).statusCode).toBe(403);
    }
  });

  it('approves: the agency exists and its lead’s one-time code works; once only', async () => {
    const [request] = await open();
    if (request === undefined) throw new Error('no request');
    expect((await decide(fred, request.id, { decision: 'approve' })).statusCode).toBe(403);
    const res = await decide(coordinator, request.id, { decision: 'approve' });
    expect(res.statusCode).toBe(201);
    const approved = joinApprovedSchema.parse(res.json());
    const [org] = await db.query<{ name: string; nation: string }>(
      'select name, nation from organisations where id = $1',
      [approved.organisationId],
    );
    expect(org).toEqual({ name: 'Westside Money Help', nation: 'england-and-wales' });
    expect(await open()).toEqual([]);
    expect((await decide(coordinator, request.id, { decision: 'approve' })).statusCode).toBe(404);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: {
        email: 'wendy@westside.test',
        code: approved.code,
        password: 'lanterns over the west quay',
      },
    });
    expect(accepted.statusCode).toBeLessThan(300);
    const [lead] = await db.query<{ role: string; organisation_id: string }>(
      'select role, organisation_id from users where email = $1',
      ['wendy@westside.test'],
    );
    expect(lead).toEqual({ role: 'lead', organisation_id: approved.organisationId });
  });

  it('declines only with a reason', async () => {
    const { cookie, csrf } = await openForm('203.0.113.22');
    await send(
      { ...good, organisation: 'Elsewhere Advice', email: 'e@elsewhere.test', csrf },
      cookie,
      '203.0.113.22',
    );
    const [request] = await open();
    if (request === undefined) throw new Error('no request');
    expect(
      (await decide(coordinator, request.id, { decision: 'decline', reason: ' ' })).statusCode,
    ).toBe(400);
    expect(
      (await decide(coordinator, request.id, { decision: 'decline', reason: 'Outside our area' }))
        .statusCode,
    ).toBe(204);
    expect(await open()).toEqual([]);
    const [row] = await db.query<{ decision: string; decline_reason: string }>(
      'select decision, decline_reason from join_requests where id = $1',
      [request.id],
    );
    expect(row).toEqual({ decision: 'declined', decline_reason: 'Outside our area' });
  });
});
