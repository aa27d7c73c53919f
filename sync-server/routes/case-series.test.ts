import { describe, expect, it } from 'vitest';
import { BACKENDS } from '#server/test-support/backends.ts';
import { serverSuite } from '#server/test-support/suite.ts';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import { CASE_SERIES_PATH, caseSeriesSchema } from '#src/wire/case-series.ts';

/**
 * Case reference series (#5): each desk store of an agency gets its own
 * letters, the same ones when it asks again, different ones even when many
 * desks ask at once; other agencies count their own; coordinators keep no
 * casework and get none.
 */
describe.each(BACKENDS)('case reference series on $name', (backend) => {
  const s = serverSuite(backend, {
    leads: [{ email: 'lead@northgate.test', agency: 'advice' }],
    signedIn: [
      'lead@northgate.test',
      'alice@northgate.test',
      'bob@riverside.test',
      'co@network.test',
    ],
  });

  const ask = (email: string, payload: unknown) =>
    s.t.app.inject({
      method: 'POST',
      url: `${API}${CASE_SERIES_PATH}`,
      headers: s.t.auth(s.token(email)),
      payload: payload as Record<string, unknown>,
    });
  const codeFor = async (email: string, storeId: string): Promise<string> => {
    const res = await ask(email, { storeId });
    expect(res.statusCode).toBe(200);
    return caseSeriesSchema.parse(res.json()).code;
  };

  it('gives each desk of an agency different letters, and the same ones when a desk asks again', async () => {
    const alicesDesk = newId();
    const first = await codeFor('alice@northgate.test', alicesDesk);
    expect(first).toBe('A');
    expect(await codeFor('alice@northgate.test', alicesDesk)).toBe('A');
    // Alice's second computer, then her lead's desk.
    expect(await codeFor('alice@northgate.test', newId())).toBe('B');
    expect(await codeFor('lead@northgate.test', newId())).toBe('C');
    // Another agency counts its own series.
    expect(await codeFor('bob@riverside.test', newId())).toBe('A');
  });

  it('never gives two desks the same letters when they ask at the same moment', async () => {
    const stores = Array.from({ length: 12 }, () => newId());
    const codes = await Promise.all(
      stores.map((s, i) =>
        codeFor(i % 2 === 0 ? 'alice@northgate.test' : 'lead@northgate.test', s),
      ),
    );
    expect(new Set(codes).size).toBe(stores.length);
    const [{ count } = { count: 0 }] = await s.db.query<{ count: number }>(
      'select count(distinct code)::int as count from case_series where organisation_id = $1',
      [s.net.organisations.advice.id],
    );
    expect(count).toBe(3 + stores.length);
  });

  it('refuses another user’s store, a coordinator, a bad request and no sign-in, changing nothing', async () => {
    const alicesDesk = newId();
    await codeFor('alice@northgate.test', alicesDesk);
    const before = await s.db.query('select * from case_series order by organisation_id, seq');

    expect((await ask('lead@northgate.test', { storeId: alicesDesk })).statusCode).toBe(409);
    expect((await ask('co@network.test', { storeId: newId() })).statusCode).toBe(403);
    const bad = await ask('alice@northgate.test', { storeId: 'not-a-store' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad-request' });
    expect((await ask('alice@northgate.test', { storeId: newId(), extra: 1 })).statusCode).toBe(
      400,
    );
    const anonymous = await s.t.app.inject({
      method: 'POST',
      url: `${API}${CASE_SERIES_PATH}`,
      payload: { storeId: newId() },
    });
    expect(anonymous.statusCode).toBe(401);

    expect(await s.db.query('select * from case_series order by organisation_id, seq')).toEqual(
      before,
    );
  });

  it('writes who was given which letters to the audit log, with no client data', async () => {
    const rows = await s.db.query<{ action: string; detail: unknown }>(
      `select action, detail from audit_log where action = 'casework.series'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row.detail as object)).toEqual(['code']);
  });
});
