import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#src/ids.ts';
import { API } from '#src/wire/api.ts';
import { CASE_SERIES_PATH } from '#src/wire/case-series.ts';
import { apiRequest } from '#main/account/server-call.ts';
import { signIn } from '#main/sync/server-api.ts';
import { addLead } from '#test/lead.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * The server's refusals read as the right plain words on the desk: a 409 is
 * "that account exists" only when it is about an account. A real server.
 */
const LEAD = 'lead@northgate.test';

let net: TestNetwork;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  net = await startTestNetwork();
  await addLead(net, LEAD, net.organisations.advice.id);
  for (const email of [LEAD, 'alice@northgate.test']) {
    const answer = await signIn(net.server.url, { email, password: PASSWORD, device: 'test' });
    if (!answer.ok) throw new Error(answer.reason);
    tokens[email] = answer.value.token;
  }
});
afterAll(async () => {
  await net.close();
});

const post = (email: string, path: string, body: unknown) =>
  apiRequest(`${net.server.url}${API}${path}`, tokens[email] ?? '', body);

describe('the server’s conflicts in the desk’s words', () => {
  it('says an account exists when inviting someone who already has one', async () => {
    expect(
      await post(LEAD, '/invitations', {
        email: 'alice@northgate.test',
        name: 'Alice Again',
        role: 'adviser',
      }),
    ).toEqual({ ok: false, reason: 'account-exists' });
  });

  it('says the thing changed meanwhile for any other conflict, not that an account exists', async () => {
    // An agreement version that is no longer the current one.
    expect(
      await post(LEAD, '/agreements/accept', { kind: 'user', version: 'an-old-version' }),
    ).toEqual({ ok: false, reason: 'changed-meanwhile' });
    // Case reference letters for a store that is someone else's (#5).
    const alicesStore = newId();
    expect(
      (await post('alice@northgate.test', CASE_SERIES_PATH, { storeId: alicesStore })).ok,
    ).toBe(true);
    expect(await post(LEAD, CASE_SERIES_PATH, { storeId: alicesStore })).toEqual({
      ok: false,
      reason: 'changed-meanwhile',
    });
  });
});
