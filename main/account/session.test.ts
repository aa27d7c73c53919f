import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/** The desk's side of account security (#6), against a real server on PGlite. */
let net: TestNetwork;
let desk: Desk;
let dir: string;

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'handover-desk-account-'));
  desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
});

afterAll(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
  await net.close();
});

describe('desk sign-in safety', () => {
  it('refuses plain http to another machine unless the user allows it', async () => {
    const h = desk.handlers;
    const request = {
      serverUrl: 'http://handover.invalid',
      email: 'alice@northgate.test',
      password: PASSWORD,
    };
    expect(await h['session.signIn'](request)).toEqual({ ok: false, reason: 'insecure-server' });
    // Allowed: it tries, and the address simply does not answer.
    expect(await h['session.signIn']({ ...request, allowInsecure: true })).toEqual({
      ok: false,
      reason: 'server-unreachable',
    });
  });

  it('closes the store and says why when the server ends the session (account disabled)', async () => {
    const h = desk.handlers;
    const signedIn = await h['session.signIn']({
      serverUrl: net.server.url,
      email: 'alice@northgate.test',
      password: PASSWORD,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await h['session.unlock']({ passphrase: 'a long enough passphrase' })).toMatchObject({
      ok: true,
      value: { state: 'ready' },
    });
    // The lead disables Alice: her sessions end at once (as POST /users/:id/disabled does).
    await net.server.db.query('update users set disabled = true where id = $1', [
      net.users.alice.id,
    ]);
    await net.server.db.query('delete from sessions where user_id = $1', [net.users.alice.id]);
    await h['sync.now']({});
    const until = Date.now() + 5_000;
    let state = await h['session.status']({});
    while (state.state !== 'signed-out' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      state = await h['session.status']({});
    }
    expect(state).toMatchObject({ state: 'signed-out', why: 'unauthenticated' });
    // Nothing of the casework is reachable any more.
    expect(await h['clients.get']({ id: net.users.alice.id })).toMatchObject({
      ok: false,
      reason: 'not-signed-in',
    });
    // And she cannot sign back in while disabled.
    expect(
      await h['session.signIn']({
        serverUrl: net.server.url,
        email: 'alice@northgate.test',
        password: PASSWORD,
      }),
    ).toEqual({ ok: false, reason: 'bad-credentials' });
  });
});
