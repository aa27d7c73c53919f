import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '#src/contract.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { addTestUser } from '#test/users.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * A desk whose session the server ends (#6) closes its casework store the
 * moment the server says so on the event stream — not at its next exchange.
 * The desk's retry delay is set to a minute, so only the stream can tell it
 * within the test: the test waits for the desk's own "session" event.
 */
let net: TestNetwork;
const desks: { desk: Desk; dir: string }[] = [];

const newDesk = async (): Promise<Desk> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-desk-ended-'));
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 60_000, retryMaxMs: 60_000 },
  );
  desks.push({ desk, dir });
  return desk;
};

const ready = async (desk: Desk, email: string): Promise<void> => {
  const h = desk.handlers;
  expect(
    await h['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD }),
  ).toMatchObject({ ok: true, value: { state: 'locked' } });
  expect(await h['session.unlock']({ passphrase: 'a long enough passphrase' })).toMatchObject({
    ok: true,
    value: { state: 'ready' },
  });
  // Connected: the event stream is open.
  for (;;) {
    if ((await h['sync.status']({})).online) return;
    await new Promise<void>((resolve) => {
      const stop = desk.subscribe((e) => {
        if (e.topics.includes('sync')) {
          stop();
          resolve();
        }
      });
    });
  }
};

/** Resolves with the desk's state once it has signed itself out. */
const signedOut = (desk: Desk): Promise<SessionState> =>
  new Promise((resolve) => {
    const stop = desk.subscribe((e) => {
      if (!e.topics.includes('session')) return;
      void desk.handlers['session.status']({}).then((state) => {
        if (state.state !== 'signed-out') return;
        stop();
        resolve(state);
      });
    });
  });

const api = async (path: string, token: string, body: unknown) =>
  fetch(`${net.server.url}${API}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

/** The server's clock runs this far ahead of the desk's, to age sessions (#12). */
let serverAhead = 0;

beforeAll(async () => {
  net = await startTestNetwork({
    jobsEveryMs: 0,
    now: () => new Date(Date.now() + serverAhead),
  });
  await addTestUser(net.server.db, {
    email: 'lead@riverside.test',
    name: 'Rita Lead',
    role: 'lead',
    organisationId: net.organisations.foodbank.id,
  });
});

afterAll(async () => {
  for (const { desk, dir } of desks) {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
  await net.close();
});

describe('a desk whose session the server ends', () => {
  it('closes the store at once when the account is disabled, and says why', async () => {
    const desk = await newDesk();
    await ready(desk, 'bob@riverside.test');
    const out = signedOut(desk);
    const res = await fetch(`${net.server.url}${API}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@riverside.test', password: PASSWORD, device: 'office' }),
    });
    const lead = signInResponseSchema.parse(await res.json()).token;
    expect(
      (await api(`/users/${net.users.bob.id}/disabled`, lead, { disabled: true })).status,
    ).toBe(204);
    expect(await out).toMatchObject({ state: 'signed-out', why: 'unauthenticated' });
    expect(await desk.handlers['clients.search']({ text: '' })).toEqual([]);
    expect(await desk.handlers['clients.get']({ id: net.users.bob.id })).toMatchObject({
      ok: false,
      reason: 'not-signed-in',
    });
  });

  it('closes the store at once when the user signs this computer out from another', async () => {
    const desk = await newDesk();
    await ready(desk, 'carol@eastfield.test');
    const elsewhere = await newDesk();
    await ready(elsewhere, 'carol@eastfield.test');
    const out = signedOut(desk);
    const devices = await elsewhere.handlers['account.devices']({});
    if (!devices.ok) throw new Error(devices.reason);
    const other = devices.value.find((d) => !d.current);
    expect(other).toBeDefined();
    expect(
      await elsewhere.handlers['account.signOutDevice']({ id: other?.id ?? '' }),
    ).toMatchObject({ ok: true });
    expect(await out).toMatchObject({ state: 'signed-out', why: 'unauthenticated' });
    // The other computer carries on.
    expect((await elsewhere.handlers['session.status']({})).state).toBe('ready');
  });

  it('signs out as for a disabled account when the server has ended an idle session (#12)', async () => {
    const desk = await newDesk();
    await ready(desk, 'alice@northgate.test');
    const out = signedOut(desk);
    // The network's default lifetimes, not the test network's long ones.
    await net.server.db.query(
      `update network set settings = settings - 'sessionIdleHours' - 'sessionMaxDays'`,
    );
    // Thirteen hours without a word from this desk: past the default idle lifetime (12 h).
    serverAhead += 13 * 3_600_000;
    await desk.handlers['sync.now']({});
    expect(await out).toMatchObject({ state: 'signed-out', why: 'unauthenticated' });
    expect(await desk.handlers['clients.search']({ text: '' })).toEqual([]);
  });
});
