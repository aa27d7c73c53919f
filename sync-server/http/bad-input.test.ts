import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { API, apiErrorSchema } from '#src/wire/api.ts';

describe.each(BACKENDS)('bad input on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  let alice: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { bodyLimit: 64 * 1024 });
    alice = await t.signIn('alice@northgate.test');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/commands`,
      headers: { ...t.auth(alice), 'content-type': contentType },
      payload,
    });

  /** Sends `payload`, expects `status` with a reason, and no row written anywhere. */
  const refused = async (payload: string, status: number, contentType?: string) => {
    const before = await rowCounts(db);
    const res = await post(payload, contentType);
    expect(res.statusCode).toBe(status);
    const body = apiErrorSchema.parse(res.json());
    expect(res.body).not.toMatch(/at .*\.ts:\d+|stack/i);
    expect(await rowCounts(db)).toEqual(before);
    return body;
  };

  it('answers 200 on /health', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('refuses malformed JSON with 400', async () => {
    const body = await refused('{"commands": [', 400);
    expect(body).toEqual({ error: 'bad-request', detail: 'malformed JSON' });
    await refused('', 400);
    await refused('not json at all', 400, 'text/plain');
  });

  it('refuses a schema-invalid command with 400, naming fields but never echoing values', async () => {
    const send = sendCommand(net.services.food);
    const secret = 'Jane Secret-Person';
    const bad = {
      commands: [
        {
          ...send,
          issues: ['not-an-issue'],
          payload: {
            ...send.payload,
            client: { ...send.payload.client, name: secret, email: `${secret}@` },
          },
        },
      ],
    };
    const body = await refused(JSON.stringify(bad), 400);
    expect(body.error).toBe('bad-request');
    expect(body.detail).toContain('commands.0.issues.0');
    expect(body.detail).toContain('commands.0.payload.client.email');
    expect(body.detail).not.toContain('Secret');

    await refused(JSON.stringify({ commands: [] }), 400);
    await refused(JSON.stringify({ commands: [{ ...send, type: 'referral.explode' }] }), 400);
    await refused(JSON.stringify({ commands: [{ ...send, mutationId: 'nope' }] }), 400);
    await refused(JSON.stringify([1, 2, 3]), 400);
    await refused('null', 400);
    const ack = {
      type: 'referral.acknowledge',
      mutationId: send.mutationId,
      referralId: send.referralId,
    };
    await refused(JSON.stringify({ commands: Array(101).fill(ack) }), 400);
  });

  it('answers any JSON or any bytes with a reason-coded 4xx, never a 500', async () => {
    const before = await rowCounts(db);
    const urls = [`${API}/commands`, `${API}/auth/sign-in`];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        fc.constantFrom(...urls),
        async (payload, url) => {
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: { ...t.auth(alice), 'content-type': 'application/json' },
            payload,
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          apiErrorSchema.parse(res.json());
        },
      ),
      { numRuns: 150 },
    );
    expect(await rowCounts(db)).toEqual(before);
  });

  it('refuses an oversized body with 413', async () => {
    const send = sendCommand(net.services.food);
    const huge = JSON.stringify({
      commands: [{ ...send, payload: { ...send.payload, needs: 'x'.repeat(100 * 1024) } }],
    });
    expect(await refused(huge, 413)).toEqual({ error: 'too-large' });
  });

  it('answers unknown routes and methods with 404, and keeps serving', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/nothing-here` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not-found' });
    expect((await t.app.inject({ method: 'DELETE', url: `${API}/commands` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('refuses a malformed percent-encoding in a path with a reason-coded 400, not echoing it', async () => {
    for (const url of [
      `${API}/me/devices/%zz`,
      `${API}/referrals/%E0%A4%A`,
      '/directory/services/%',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.auth(alice) });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad-request', detail: 'malformed path' });
    }
  });

  /**
   * Issue #12: PostgreSQL refuses NUL in text, so each of these answered 500.
   * Each is refused by the shared string schema (src/wire/text.ts) with
   * `invalid-text`, and nothing is written.
   */
  it('refuses text with NUL, control characters or half a character at every boundary', async () => {
    const coordinator = await t.signIn('co@network.test');
    const leadEmail = 'lead@northgate.test';
    await addLead(db, net.organisations.advice.id, leadEmail);
    const lead = await t.signIn(leadEmail);
    const NUL = '\u0000';
    const send = sendCommand(net.services.food);
    const gap = {
      mutationId: send.mutationId,
      type: 'gap.record',
      gapId: send.referralId,
      issue: 'debt',
      area: 'NR1',
      why: `none${NUL}`,
    };
    const note = {
      mutationId: send.mutationId,
      referralId: send.referralId,
      type: 'referral.note',
      noteId: send.referralId,
      text: `hello${NUL}`,
    };
    const attempts: [string, string, string | null, unknown][] = [
      ['commands: a note', '/commands', alice, { commands: [note] }],
      ['commands: a gap', '/commands', alice, { commands: [gap] }],
      [
        'commands: a referral',
        '/commands',
        alice,
        { commands: [{ ...send, payload: { ...send.payload, needs: `a\uD800b` } }] },
      ],
      [
        'sign-in',
        '/auth/sign-in',
        null,
        { email: 'alice@northgate.test', password: `x${NUL}`, device: 'd' },
      ],
      [
        'sign-in device',
        '/auth/sign-in',
        null,
        { email: 'alice@northgate.test', password: 'x', device: `d${NUL}` },
      ],
      ['a bulletin', '/bulletins', coordinator, { title: `News${NUL}`, body: 'Body' }],
      [
        'an invitation',
        '/invitations',
        lead,
        { email: 'new@northgate.test', name: `New${NUL}`, role: 'adviser' },
      ],
      [
        'an invitation name on two lines',
        '/invitations',
        lead,
        { email: 'new@northgate.test', name: 'New\nPerson', role: 'adviser' },
      ],
      [
        'organisation details',
        `/organisation-details/${net.organisations.advice.id}`,
        lead,
        {
          name: 'Northgate',
          description: `About${NUL}`,
          website: `https://northgate.example/${NUL}`,
          email: '',
          phone: '',
        },
      ],
      ['a category', '/network/issue-categories', coordinator, { label: `Fuel${NUL}` }],
    ];
    const before = await rowCounts(db);
    for (const [what, url, token, body] of attempts) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${API}${url}`,
        headers: token === null ? {} : t.auth(token),
        payload: body as object,
      });
      expect({ what, status: res.statusCode, body: res.json<unknown>() }).toMatchObject({
        what,
        status: 400,
        body: { error: 'invalid-text' },
      });
      expect(res.body).not.toContain('hello');
    }
    const audit = await t.get(coordinator, `/audit?action=a%00b`);
    expect(audit.statusCode).toBe(400);
    expect(apiErrorSchema.parse(audit.json()).error).toBe('invalid-text');
    expect(await rowCounts(db)).toEqual(before);
  });

  // Issue #12: a filter from year 0000 reached PostgreSQL, which refused it: 500.
  it('refuses an audit filter date of year 0000 with 400', async () => {
    const coordinator = await t.signIn('co@network.test');
    for (const q of [
      'from=0000-01-01T00:00:00Z',
      'to=0000-12-31T23:59:59Z',
      'from=2026-02-30T00:00:00Z',
    ]) {
      const res = await t.get(coordinator, `/audit?${q}`);
      expect({ q, status: res.statusCode }).toEqual({ q, status: 400 });
      expect(apiErrorSchema.parse(res.json()).error).toBe('bad-request');
    }
    expect((await t.get(coordinator, '/audit?from=0001-01-01T00:00:00Z')).statusCode).toBe(200);
  });

  it('refuses a bad sign-in body without echoing it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email: 'secret-person-at-example', password: 'hunter2', device: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('secret-person');
    expect(res.body).not.toContain('hunter2');
  });
});

describe('logs', () => {
  it('never carry tokens, passwords, bodies or personal data', async () => {
    const backend = BACKENDS[0];
    if (!backend) throw new Error('no backend');
    const { db, drop } = await backend.open();
    const lines: string[] = [];
    try {
      const net = await seedTestNetwork(db);
      const t = testApp(db, { log: { write: (line) => lines.push(line) } });
      const token = await t.signIn('alice@northgate.test');
      await t.commands(token, [sendCommand(net.services.food)]);
      await t.app.inject({
        method: 'POST',
        url: `${API}/commands`,
        headers: { ...t.auth(token), 'content-type': 'application/json' },
        payload: '{"commands":[{"payload":"Jane Testclient"',
      });
      await t.get(token, '/changes');
      await t.app.close();
      const log = lines.join('\n');
      expect(log).toContain('"url":"/api/v1/commands"');
      for (const secret of [token, 'correct horse', 'Jane Testclient', '07700', 'Bearer']) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await drop();
    }
  });
});
