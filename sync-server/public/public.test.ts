import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { RATE_LIMIT } from '#server/public/self-referral-routes.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  seedTestNetwork,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { referralSchema } from '#src/wire/referral.ts';

describe.each(BACKENDS)('public directory on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let selfService: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    selfService = must(
      await createService(db, {
        organisationId: net.organisations.foodbank.id,
        name: 'Community kitchen',
        description: 'A hot meal and a food parcel, no referral needed.',
        issues: ['food-support'],
        acceptsSelfReferral: true,
        phone: '01603 000111',
      }),
    ).id;
    t = testApp(db, { now: clock.now });
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const countReferrals = async () =>
    (await db.query<{ n: number }>('select count(*) as n from referrals'))[0]?.n ?? -1;
  /** Opens the form as a browser would: its cookie and its hidden token. */
  const openForm = async (serviceId: string, ip = '203.0.113.1') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/directory/services/${serviceId}/refer`,
      remoteAddress: ip,
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(res.body)?.[1] ?? '';
    return { cookie, csrf };
  };
  const post = (
    serviceId: string,
    fields: Record<string, string>,
    cookie: string,
    ip = '203.0.113.1',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/directory/services/${serviceId}/refer`,
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams(fields).toString(),
    });
  const good = {
    name: 'Pat Public',
    contact: 'phone',
    phone: '07700 900456',
    email: '',
    postcode: 'nr3 1ab',
    needs: 'No food in the house until Friday.',
    consent: 'yes',
    website: '',
  };

  it('serves a search page without sign-in, as plain HTML with a strict content policy', async () => {
    const res = await get('/directory');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<form method="get" action="/directory"');
    expect(res.body).toContain('name="viewport"');
    expect(res.body).not.toContain('<script');
  });

  it('searches, typos forgiven, and escapes what was typed', async () => {
    const res = await get('/directory?q=kitchn');
    expect(res.body).toContain('Community kitchen');
    expect(res.body).not.toContain('Debt advice');
    const evil = await get(`/directory?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(evil.body).not.toContain('<script>');
    expect(evil.body).toContain('&lt;script&gt;');
    const byIssue = await get('/directory?q=&issue=debt');
    expect(byIssue.body).toContain('Debt advice');
    expect(byIssue.body).not.toContain('Community kitchen');
  });

  it('shows a service, and a plain 404 for one that does not exist', async () => {
    const res = await get(`/directory/services/${selfService}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ask Riverside Foodbank to contact you');
    expect((await get(`/directory/services/${newId()}`)).statusCode).toBe(404);
    expect((await get('/directory/services/not-an-id')).statusCode).toBe(404);
    // A service that takes referrals only from agencies offers no form.
    const agencyOnly = await get(`/directory/services/${net.services.food}`);
    expect(agencyOnly.body).not.toContain('/refer"');
    const form = await get(`/directory/services/${net.services.food}/refer`);
    expect(form.body).toContain('is not taking requests through this site');
  });

  it('refuses a post without the form’s token, and keeps nothing', async () => {
    const before = await countReferrals();
    const { csrf } = await openForm(selfService, '203.0.113.10');
    const noCookie = await post(selfService, { ...good, csrf }, '', '203.0.113.10');
    expect(noCookie.statusCode).toBe(403);
    const wrong = await post(
      selfService,
      { ...good, csrf: 'a'.repeat(64) },
      `handover_csrf=${'b'.repeat(64)}`,
      '203.0.113.10',
    );
    expect(wrong.statusCode).toBe(403);
    expect(await countReferrals()).toBe(before);
  });

  it('answers a bot that fills the hidden field as if sent, and keeps nothing', async () => {
    const before = await countReferrals();
    const { cookie, csrf } = await openForm(selfService, '203.0.113.11');
    const res = await post(
      selfService,
      { ...good, website: 'http://spam.example', csrf },
      cookie,
      '203.0.113.11',
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your request has been sent');
    expect(await countReferrals()).toBe(before);
  });

  it('explains each problem next to its field, keeping what was typed', async () => {
    const before = await countReferrals();
    const { cookie, csrf } = await openForm(selfService, '203.0.113.12');
    const res = await post(
      selfService,
      { ...good, phone: '12', consent: '', needs: '', csrf },
      cookie,
      '203.0.113.12',
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter a phone number, like 07700 900123');
    expect(res.body).toContain('Say briefly what you need help with');
    expect(res.body).toContain('Tick the box to agree');
    expect(res.body).toContain('value="Pat Public"');
    expect(await countReferrals()).toBe(before);
  });

  it('lands in the service’s inbox as a referral from "self", seen only by the receiving agency', async () => {
    clock.set('2026-11-20T10:00:00.000Z');
    const { cookie, csrf } = await openForm(selfService, '203.0.113.13');
    const res = await post(selfService, { ...good, csrf }, cookie, '203.0.113.13');
    expect(res.statusCode).toBe(200);
    expect(res.body.replace(/\s+/g, ' ')).toContain(
      'Riverside Foodbank will contact you by phone call',
    );
    const [row] = await db.query<{ id: string; from_org: string | null; source: string }>(
      `select id, from_org, source from referrals where to_service = $1`,
      [selfService],
    );
    expect(row).toMatchObject({ from_org: null, source: 'self' });
    const id = row?.id ?? '';
    const [change] = await db.query<{ visible_to: string[] }>(
      `select visible_to from changes where kind = 'referral' and entity_id = $1`,
      [id],
    );
    expect(change?.visible_to).toEqual([net.organisations.foodbank.id]);
    const bob = await t.signIn('bob@riverside.test');
    const seen = await t.get(bob, `/referrals/${id}`);
    expect(seen.statusCode).toBe(200);
    const referral = referralSchema.parse(seen.json());
    expect(referral).toMatchObject({
      status: 'sent',
      from: { organisationId: null, organisationName: 'Self-referral (member of the public)' },
      to: { organisationId: net.organisations.foodbank.id, serviceId: selfService },
      postcodeDistrict: 'NR3',
      acknowledgeBy: '2026-11-25',
      payload: {
        client: { name: 'Pat Public', phone: '07700 900456', postcode: 'NR3 1AB' },
        needs: 'No food in the house until Friday.',
      },
      consent: { method: 'online', givenBy: 'client' },
    });
    const alice = await t.signIn('alice@northgate.test');
    expect((await t.get(alice, `/referrals/${id}`)).statusCode).toBe(404);
  });

  // Issue #12: NUL answered 500 (PostgreSQL refuses it); a JSON array for a body did too.
  it('refuses text with NUL or control characters by field, keeping the rest, and stores nothing', async () => {
    const before = await countReferrals();
    const ip = '203.0.113.13';
    const { cookie, csrf } = await openForm(selfService, ip);
    const res = await post(
      selfService,
      { ...good, name: 'Pat\u0000 Public', needs: 'No food\r\nuntil Friday\u0007', csrf },
      cookie,
      ip,
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('This had invisible characters that cannot be kept');
    expect(res.body).toContain('value="Pat Public"');
    expect(res.body).toContain('No food\nuntil Friday</textarea>');
    expect(res.body).not.toContain('\u0000');
    expect(await countReferrals()).toBe(before);
  });

  it('answers any JSON body, a top-level array too, with a page and never a 500', async () => {
    const before = await countReferrals();
    const ip = '203.0.113.14';
    const { cookie, csrf } = await openForm(selfService, ip);
    for (const payload of [
      [1, 2],
      [{ ...good, csrf }],
      'text',
      null,
      { ...good, name: { nested: 1 }, csrf },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/directory/services/${selfService}/refer`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/json', cookie },
        payload: JSON.stringify(payload),
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(await countReferrals()).toBe(before);
  });

  it('searches with NUL or a repeated field without a 500', async () => {
    for (const url of ['/directory?q=food%00&area=NR%001', '/directory?q=a&q=b&issue[x]=1']) {
      expect((await get(url)).statusCode).toBe(200);
    }
  });

  it('limits how often one address can send', async () => {
    const ip = '203.0.113.99';
    const { cookie, csrf } = await openForm(selfService, ip);
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i += 1) {
      statuses.push(
        (await post(selfService, { ...good, consent: '', csrf }, cookie, ip)).statusCode,
      );
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
