import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import type { Handlers } from '#src/contract.ts';
import type { Result } from '#src/result.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Bulletins on real desks (#4): the coordinator posts from their desk; each
 * adviser's desk shows it unread until that adviser has read it.
 */
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];

const must = <T>(r: Result<T, string>): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

const openDesk = async (email: string): Promise<Handlers> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-desk-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  const h = desk.handlers;
  const signedIn = must(
    await h['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD }),
  );
  // A coordinator's desk opens at sign-in: they hold no casework (#12).
  if (signedIn.state === 'locked') must(await h['session.unlock']({ passphrase: PASSPHRASE }));
  return h;
};

beforeAll(async () => {
  net = await startTestNetwork();
  await addUser(net.server.db, {
    email: 'sam@network.test',
    name: 'Sam Coordinator',
    role: 'coordinator',
    organisationId: null,
    password: PASSWORD,
  });
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('bulletins on the desk', () => {
  it('the coordinator posts; each adviser sees it unread until they read it', async () => {
    const sam = await openDesk('sam@network.test');
    const alice = await openDesk('alice@northgate.test');
    const bob = await openDesk('bob@riverside.test');
    expect(await alice['bulletins.list']({})).toEqual({
      bulletins: [],
      canPost: false,
      offline: false,
    });
    expect(await alice['bulletins.post']({ title: 'Mine', body: 'Not allowed' })).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    const posted = must(
      await sam['bulletins.post']({ title: 'Closed Friday', body: 'Staff training all day.' }),
    );
    const samList = await sam['bulletins.list']({});
    expect(samList.canPost).toBe(true);
    // The author has read their own news.
    expect(samList.bulletins).toMatchObject([{ id: posted.id, unread: false }]);

    expect((await alice['bulletins.list']({})).bulletins).toMatchObject([
      { id: posted.id, title: 'Closed Friday', authorName: 'Sam Coordinator', unread: true },
    ]);
    must(await alice['bulletins.markRead']({}));
    expect((await alice['bulletins.list']({})).bulletins).toMatchObject([{ unread: false }]);
    // Bob has not read it: read state is each user's own.
    expect((await bob['bulletins.list']({})).bulletins).toMatchObject([{ unread: true }]);
  });
});
