import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import { resetResponseSchema } from '#src/wire/accounts.ts';

/**
 * A coordinator holds no casework (#12): their desk opens at sign-in with no
 * passphrase to choose and no recovery key to save; after a lock their
 * sign-in password reopens it; after a password reset it starts afresh.
 * Real desk (encrypted store, passphrase custody) against a real server.
 */
let net: TestNetwork;
let desk: Desk;
let dir: string;
const NEW_PASSWORD = 'a brand new coordinating password';

beforeAll(async () => {
  net = await startTestNetwork();
  for (const [email, name] of [
    ['co@network.test', 'Sam Coordinator'],
    ['co2@network.test', 'Pat Coordinator'],
  ] as const) {
    await addUser(net.server.db, {
      email,
      name,
      role: 'coordinator',
      organisationId: null,
      password: PASSWORD,
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'handover-coordinator-'));
  desk = await createDesk({
    dataDir: dir,
    defaultServerUrl: net.server.url,
    deviceName: 'test',
    keychain: 'off',
  });
});

afterAll(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
  await net.close();
});

describe('a coordinator’s desk', () => {
  it('opens at sign-in, with no passphrase and no recovery key; the password reopens it after a lock', async () => {
    const h = desk.handlers;
    const signedIn = await h['session.signIn']({
      serverUrl: net.server.url,
      email: 'co2@network.test',
      password: PASSWORD,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(await h['keys.recoveryKey']({})).toMatchObject({ recoveryKey: null });

    await h['session.lock']({});
    const locked = await h['session.status']({});
    expect(locked).toMatchObject({ state: 'locked', newStore: false, unlockWith: 'password' });
    expect(await h['session.unlock']({ password: 'not my password at all' })).toMatchObject({
      ok: false,
    });
    expect(await h['session.unlock']({ password: PASSWORD })).toMatchObject({
      ok: true,
      value: { state: 'ready' },
    });
    await h['session.signOut']({});
  });

  it('starts afresh when the password has been reset since', async () => {
    const post = async (path: string, token: string | null, body: unknown) =>
      fetch(`${net.server.url}${API}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token !== null && { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
    const sam = signInResponseSchema.parse(
      await (
        await post('/auth/sign-in', null, {
          email: 'co@network.test',
          password: PASSWORD,
          device: 'test',
        })
      ).json(),
    );
    const other = signInResponseSchema.parse(
      await (
        await post('/auth/sign-in', null, {
          email: 'co2@network.test',
          password: PASSWORD,
          device: 'test',
        })
      ).json(),
    );
    // One coordinator resets another (their own kind): given the code.
    const reset = await post(`/users/${other.user.id}/reset`, sam.token, {});
    const { code } = resetResponseSchema.parse(await reset.json());
    const accepted = await post('/invitations/accept', null, {
      email: 'co2@network.test',
      code,
      password: NEW_PASSWORD,
    });
    expect(accepted.status).toBe(204);

    const h = desk.handlers;
    const signedIn = await h['session.signIn']({
      serverUrl: net.server.url,
      email: 'co2@network.test',
      password: NEW_PASSWORD,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(await h['keys.recoveryKey']({})).toMatchObject({ recoveryKey: null });
    await h['session.signOut']({});
  });
});
