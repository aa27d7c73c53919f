import type { AddressInfo } from 'node:net';
import fc from 'fast-check';

type RouteSeen = { method: string | string[]; url: string };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import type { Db } from '#server/db/db.ts';
import { createJoinRequest } from '#server/directory/join.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  must,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { CSRF_COOKIE } from '#server/public/self-referral-routes.ts';
import { newId } from '#src/ids.ts';
import { API, apiErrorSchema } from '#src/wire/api.ts';
import {
  fuzzSettings,
  hostileBody,
  hostileContentType,
  hostileQuery,
  hostileSegment,
  asText,
  mutated,
  percentEncode,
} from '#test/hostile.ts';

/**
 * Fuzz every route of the sync server (#12). The routes are taken from the
 * app itself (an onRoute hook), so a route added later is fuzzed too; a route
 * with no entry in `specs` fails the test. Each request is sent by every role
 * and signed out, with hostile path ids, queries, bodies and content types.
 * The answer is never a 5xx; a refusal is reason-coded and changes nothing
 * in the database.
 */

type Spec = {
  /** A valid value for each path parameter. */
  params?: Record<string, string>;
  /** A valid query, as an object. */
  query?: Record<string, string | number>;
  /** A valid JSON body, or a generator of them (fresh ids each time). */
  body?: unknown;
  bodies?: fc.Arbitrary<unknown>;
  /** A valid urlencoded form body (the public pages). */
  form?: Record<string, string>;
};

/** The public forms' CSRF token, sent as cookie and field so a mutated form gets past it. */
const FORM_CSRF = 'fuzz-csrf-token-0123456789';

const ROLES = ['signed-out', 'adviser', 'lead', 'coordinator', 'administrator'] as const;
type Role = (typeof ROLES)[number];

const specsFor = (ids: {
  referral: string;
  organisation: string;
  service: string;
  user: string;
  device: string;
  joinRequest: string;
}): Record<string, Spec> => {
  const ref = { id: ids.referral };
  const send = sendCommand(ids.service);
  return {
    'GET /health': {},
    'POST /api/v1/auth/sign-in': {
      // Hamish's right password: a mutated field gets past the password check.
      body: { email: 'hamish@highland.test', password: PASSWORD, device: 'fuzz' },
    },
    'POST /api/v1/auth/sign-out': { body: {} },
    'POST /api/v1/auth/change-password': {
      body: {
        email: 'fuzz-nobody@nowhere.test',
        password: 'a wrong password',
        newPassword: 'a much longer new password',
      },
    },
    'GET /api/v1/audit': {
      query: {
        action: 'sign-in',
        entityId: ids.referral,
        userId: ids.user,
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-12-31T00:00:00.000Z',
        before: 10,
        limit: 5,
      },
    },
    'GET /api/v1/agreements': {},
    'POST /api/v1/agreements/accept': { body: { kind: 'user', version: '2026-11-v1' } },
    'GET /api/v1/agency/contact': {},
    'PUT /api/v1/agency/contact': { body: { email: 'contact@northgate.test' } },
    'POST /api/v1/invitations': {
      body: { email: 'fuzz-invitee@northgate.test', name: 'Fuzz', role: 'adviser' },
    },
    'POST /api/v1/invitations/accept': {
      body: {
        email: 'fuzz-invitee@northgate.test',
        code: 'ABCDE-FGHJK-LMNPQ-RSTUV',
        password: 'a long enough password',
      },
    },
    'GET /api/v1/issue-categories': {},
    'GET /api/v1/me': {},
    'GET /api/v1/me/devices': {},
    'DELETE /api/v1/me/devices/:id': { params: { id: ids.device }, body: {} },
    'GET /api/v1/me/notices': {},
    // A notice nobody has: the route must still answer every mutation with a reason.
    'POST /api/v1/me/notices/:id/dismiss': { params: { id: newId() }, body: {} },
    'POST /api/v1/me/two-factor/start': { body: {} },
    'POST /api/v1/me/two-factor/confirm': { body: { code: '123456' } },
    'POST /api/v1/me/two-factor/disable': { body: { code: '123456', password: PASSWORD } },
    'POST /api/v1/commands': {
      bodies: fc
        .tuple(fc.uuid({ version: 4 }), fc.uuid({ version: 4 }), fc.uuid({ version: 4 }))
        .chain(([mutationId, referralId, declineId]) =>
          mutated({
            commands: [
              { ...send, mutationId, referralId },
              {
                type: 'referral.decline',
                mutationId: declineId,
                referralId: ids.referral,
                reason: 'not-eligible',
                text: 'Not eligible',
              },
            ],
          }),
        ),
    },
    'GET /api/v1/colleagues': {},
    'GET /api/v1/changes': { query: { after: 0, limit: 10 } },
    'POST /api/v1/case-series': {
      bodies: fc.uuid({ version: 4 }).chain((storeId) => mutated({ storeId })),
    },
    'GET /api/v1/referrals/:id': { params: ref },
    'POST /api/v1/referrals/:id/documents': {
      params: ref,
      bodies: fc.uuid({ version: 4 }).chain((documentId) =>
        mutated({
          documentId,
          name: 'letter.txt',
          mediaType: 'text/plain',
          contentBase64: 'aGVsbG8K',
          consent: { given: true, method: 'in-person' },
        }),
      ),
    },
    'GET /api/v1/referrals/:id/documents/:documentId': {
      params: { ...ref, documentId: newId() },
    },
    'GET /api/v1/referrals/:id/fhir': { params: ref },
    'GET /api/v1/events': {},
    'GET /api/v1/figures': {},
    'GET /api/v1/overdue-referrals': {},
    'GET /api/v1/organisation-details/:id': { params: { id: ids.organisation } },
    'POST /api/v1/organisation-details/:id': {
      params: { id: ids.organisation },
      body: {
        name: 'Northgate Advice Centre',
        description: 'About us',
        website: 'https://northgate.test',
        email: 'info@northgate.test',
        phone: '01603 000000',
      },
    },
    'GET /api/v1/organisations': {},
    'POST /api/v1/organisation/desk-settings': { body: { autoLockMinutes: 15, retentionYears: 6 } },
    'GET /api/v1/users': {},
    'POST /api/v1/users/:id/disabled': { params: { id: newId() }, body: { disabled: true } },
    'POST /api/v1/users/:id/reset': { params: { id: newId() }, body: {} },
    'POST /api/v1/network/two-factor': { body: { required: false } },
    'GET /api/v1/network/directory-settings': {},
    'POST /api/v1/network/directory-settings': {
      body: { reviewMonths: 12, leadsMayPostBulletins: true },
    },
    'POST /api/v1/network/issue-categories': { body: { label: 'Fuzzed category' } },
    'GET /api/v1/gaps': {},
    'GET /api/v1/bulletins': {},
    'POST /api/v1/bulletins': { body: { title: 'News', body: 'Some news' } },
    'GET /api/v1/join-requests': {},
    'POST /api/v1/join-requests/:id/decision': {
      params: { id: ids.joinRequest },
      body: { decision: 'decline', reason: 'Outside the network’s area' },
    },
    'GET /directory': { query: { q: 'food', issue: 'food-support', area: 'NR1 1AA' } },
    'GET /directory/style.css': {},
    'GET /directory/services/:id': { params: { id: ids.service } },
    'GET /directory/services/:id/refer': { params: { id: ids.service } },
    'POST /directory/services/:id/refer': {
      params: { id: ids.service },
      form: {
        name: 'Fuzz Person',
        contact: 'phone',
        phone: '07700 900123',
        email: '',
        postcode: 'NR1 1AA',
        needs: 'Help',
        consent: 'yes',
        website: '',
        csrf: FORM_CSRF,
      },
    },
    'GET /directory/join': {},
    'POST /directory/join': {
      form: {
        organisation: 'Fuzz Agency',
        nation: 'england-and-wales',
        about: 'We help',
        name: 'Fuzz',
        email: 'fuzz@agency.test',
        website: '',
        csrf: FORM_CSRF,
      },
    },
    'GET /openreferral/v3': {},
    'GET /openreferral/v3/services': { query: { page: 1, per_page: 5 } },
    'GET /openreferral/v3/services/:id': { params: { id: ids.service } },
    'GET /openreferral/v3/organizations': { query: { page: 1, per_page: 5 } },
    'GET /openreferral/v3/organizations/:id': { params: { id: ids.organisation } },
    'GET /openreferral/v3/taxonomies': { query: { page: 1 } },
    'GET /openreferral/v3/taxonomies/:id': { params: { id: 'handover-issues' } },
    'GET /openreferral/v3/taxonomy_terms': { query: { page: 1 } },
    'GET /openreferral/v3/taxonomy_terms/:id': { params: { id: 'food-support' } },
  };
};

/** Every route the app declares, as `METHOD /path` (HEAD is fuzzed as its GET). */
const routeKeys = (routes: readonly RouteSeen[]): string[] => {
  const keys = new Set<string>();
  for (const r of routes) {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) if (m !== 'HEAD') keys.add(`${m} ${r.url}`);
  }
  return [...keys].sort();
};

/**
 * A digest of every table: equal before and after = nothing changed. Left
 * out: when a session was last used (every signed-in request touches it),
 * the brakes (every attempt at a secret, and every public form post, is
 * counted before it is judged: refused ones too, by design), and the audit
 * entries of failed and locked sign-ins, which a wrong password must record.
 */
const digest = async (db: Db): Promise<Record<string, string>> => {
  const tables = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const skip = new Set(['brakes']);
  const parts = tables
    .filter((t) => !skip.has(t.name))
    .map((t) =>
      t.name === 'audit_log'
        ? `select 'audit_log' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from audit_log x where action not in ('sign-in.failed', 'sign-in.locked')`
        : t.name === 'sessions'
          ? `select 'sessions' as t, count(*)::text || ':' || coalesce(sum(hashtext(token_hash::text || user_id::text)::bigint), 0)::text as h from sessions`
          : `select '${t.name}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${t.name}" x`,
    );
  const rows = await db.query<{ t: string; h: string }>(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
};

describe.each(BACKENDS)('fuzzing every route on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let baseUrl: string;
  const routes: RouteSeen[] = [];
  const tokens = new Map<Role, string>();
  const emails: Record<Exclude<Role, 'signed-out'>, string> = {
    adviser: 'alice@northgate.test',
    lead: 'lead@northgate.test',
    coordinator: 'co@network.test',
    administrator: 'admin@network.test',
  };
  let specs: Record<string, Spec>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    await addLead(db, net.organisations.advice.id, emails.lead);
    must(
      await createUser(db, {
        email: emails.administrator,
        name: 'Admin',
        role: 'administrator',
        organisationId: null,
        password: PASSWORD,
      }),
    );
    await acceptAllAgreements(db);
    t = testApp(db, { onRoute: (r) => routes.push(r) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    for (const role of ROLES)
      if (role !== 'signed-out') tokens.set(role, await t.signIn(emails[role]));
    const adviser = tokens.get('adviser') ?? '';
    const send = sendCommand(net.services.food);
    expect((await t.commands(adviser, [send])).statusCode).toBe(200);
    const devices = await t.get(adviser, '/me/devices');
    const device = devices.json<{ devices: { id: string }[] }>().devices[0]?.id ?? newId();
    const joinRequest = await createJoinRequest(
      db,
      {
        organisationName: 'Fuzz Joiners',
        nation: 'england-and-wales',
        about: 'A would-be member',
        contactName: 'Joiner',
        contactEmail: 'joiner@joiners.test',
      },
      new Date(),
    );
    specs = specsFor({
      referral: send.referralId,
      organisation: net.organisations.advice.id,
      service: net.services.food,
      user: net.users.alice.id,
      device,
      joinRequest,
    });
  }, 180_000);
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  it('has a generator for every route the app declares', () => {
    const missing = routeKeys(routes).filter((k) => !(k in specs));
    expect(missing).toEqual([]);
    expect(routeKeys(routes).length).toBeGreaterThan(40);
  });

  /** The role's token; after an accepted request (it may have been sign-out), checked and renewed. */
  let mayHaveEnded = false;
  /** A token was renewed (a sign-in writes a session and an audit entry). */
  let renewed = false;
  const tokenOf = async (role: Role): Promise<string | null> => {
    if (role === 'signed-out') return null;
    const token = tokens.get(role) ?? '';
    if (!mayHaveEnded) return token;
    mayHaveEnded = false;
    for (const [r, tok] of tokens) {
      if ((await t.get(tok, '/me')).statusCode !== 401) continue;
      tokens.set(r, await t.signIn(emails[r as Exclude<Role, 'signed-out'>]));
      renewed = true;
    }
    return tokens.get(role) ?? token;
  };

  type Sent = { status: number; contentType: string; body: string };

  /** The event stream never ends when it is accepted: ask it over the network and hang up. */
  const viaNetwork = async (url: string, headers: Record<string, string>): Promise<Sent> => {
    const abort = new AbortController();
    const res = await fetch(`${baseUrl}${url}`, { headers, signal: abort.signal });
    const contentType = res.headers.get('content-type') ?? '';
    const body = contentType.startsWith('text/event-stream') ? '' : await res.text();
    abort.abort();
    return { status: res.status, contentType, body };
  };

  const requestFor = (method: string, path: string, spec: Spec) => {
    const params = Object.keys(spec.params ?? {});
    const segments = fc.record(
      Object.fromEntries(
        params.map((p) => [
          p,
          fc.oneof(fc.constant(percentEncode(spec.params?.[p] ?? '')), hostileSegment()),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const queryKeys = Object.keys(spec.query ?? {});
    const query = fc.oneof(
      fc.constant(''),
      spec.query
        ? mutated(spec.query).map((q) =>
            q !== null && typeof q === 'object' && !Array.isArray(q)
              ? Object.entries(q)
                  .map(([k, v]) => `${percentEncode(k)}=${percentEncode(asText(v))}`)
                  .join('&')
              : percentEncode(asText(q)),
          )
        : fc.constant(''),
      hostileQuery(queryKeys.length > 0 ? queryKeys : ['q']),
    );
    const body: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> =
      method === 'GET'
        ? fc.constant({})
        : spec.form
          ? fc.oneof(
              mutated(spec.form).map((f) => ({
                payload: Object.entries(
                  f !== null && typeof f === 'object' ? (f as Record<string, unknown>) : {},
                )
                  .map(([k, v]) => `${percentEncode(k)}=${percentEncode(asText(v))}`)
                  .join('&'),
                contentType: 'application/x-www-form-urlencoded',
              })),
              fc.record({ payload: hostileBody(), contentType: hostileContentType() }),
            )
          : fc.oneof(
              (spec.bodies ?? mutated(spec.body ?? {})).map((b) => ({
                payload: asText(b),
                contentType: 'application/json',
              })),
              fc.record({ payload: hostileBody(), contentType: hostileContentType() }),
            );
    return fc.record({ segments, query, body }).map(({ segments: seg, query: q, body: b }) => {
      const url =
        path.replace(/:([A-Za-z]+)/g, (_m, name: string) => seg[name] ?? '') + (q ? `?${q}` : '');
      return { url, ...b };
    });
  };

  it(
    'answers hostile input on every route, for every role, without a 5xx or a change',
    { timeout: 600_000 },
    async () => {
      const { seed, runs } = fuzzSettings();
      console.log(`route fuzz seed: ${seed}`);
      const keys = routeKeys(routes);
      let baseline = await digest(db);
      let property = 0;
      const failures: string[] = [];
      for (const key of keys) {
        const spec = specs[key];
        if (spec === undefined) continue; // reported by the test above
        const [method = 'GET', path = '/'] = key.split(' ');
        for (const role of ROLES) {
          property += 1;
          const outcome = await fc.check(
            fc.asyncProperty(requestFor(method, path, spec), async (req) => {
              const token = await tokenOf(role);
              if (renewed) {
                renewed = false;
                baseline = await digest(db);
              }
              const headers: Record<string, string> = {
                ...(token !== null && { authorization: `Bearer ${token}` }),
                ...(req.contentType !== undefined && { 'content-type': req.contentType }),
                ...(spec.form && { cookie: `${CSRF_COOKIE}=${FORM_CSRF}` }),
              };
              let sent: Sent;
              if (path === `${API}/events`) {
                sent = await viaNetwork(req.url, headers);
              } else {
                const res = await t.app.inject({
                  method: method,
                  url: req.url,
                  headers,
                  ...(req.payload !== undefined && { payload: req.payload }),
                });
                sent = {
                  status: res.statusCode,
                  contentType: res.headers['content-type'] ?? '',
                  body: res.body,
                };
              }
              const what = `${role} ${key} ${req.url}: ${sent.body.slice(0, 300)}`;
              expect(sent.status, what).toBeLessThan(500);
              expect(sent.body).not.toMatch(/at .*\.ts:\d+/);
              if (sent.status < 400) {
                // Accepted (the input was valid after all): it may change things.
                mayHaveEnded = true;
                baseline = await digest(db);
                return;
              }
              if (sent.contentType.startsWith('application/json')) {
                const parsed = apiErrorSchema.safeParse(JSON.parse(sent.body));
                expect(parsed.success, what).toBe(true);
              } else {
                // Only the public pages answer people in a page of their own.
                expect(path.startsWith('/directory'), what).toBe(true);
                expect(sent.contentType).toMatch(/^text\/html/);
              }
              expect(await digest(db), `${what} changed the database`).toEqual(baseline);
            }),
            {
              seed: seed + property,
              numRuns: (role === 'signed-out' ? 1 : 2) * runs,
              endOnFailure: true,
            },
          );
          if (outcome.failed) {
            const cause = outcome.errorInstance;
            failures.push(
              `${role} ${key} (seed ${outcome.seed}): ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
      // Still serving after all of it.
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    },
  );
});
