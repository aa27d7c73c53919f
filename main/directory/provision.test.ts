import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { parseRequest, type Handlers } from '#src/contract.ts';
import type { Result } from '#src/result.ts';
import { addUser } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Gaps in provision and signposting (#4) from a real desk to a real server:
 * recorded locally and sent through the outbox in one go, with no client
 * data on the wire; a signposting stays linked to its client on this desk
 * only; coordinators read the network's gaps.
 */
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];
let alice: Handlers;
let clientId: string;

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

const waitFor = async <T>(probe: () => Promise<T | null | undefined>, ms = 5_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const parsed = <K extends Parameters<typeof parseRequest>[0]>(name: K, body: unknown) => {
  const p = parseRequest(name, body);
  if (!p.ok) throw new Error(p.detail);
  return p.value;
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
  alice = await openDesk('alice@northgate.test');
  clientId = must(
    await alice['clients.create'](
      parsed('clients.create', {
        name: 'Dana Example',
        dateOfBirth: '1984-03-02',
        phone: '07700 900123',
        email: '',
        address: '1 Mill Lane',
        postcode: 'NR5 1AA',
        preferredContact: null,
      }),
    ),
  ).id;
  await waitFor(async () =>
    (await alice['directory.get']({ id: net.services.foodParcels.id })).ok ? true : null,
  );
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('gaps in provision and signposting from the desk', () => {
  it('records a gap: kept on the desk, sent to the network, read by the coordinator', async () => {
    const gap = must(
      await alice['provision.recordGap'](
        parsed('provision.recordGap', {
          issue: 'immigration',
          area: 'NR5',
          why: 'No immigration adviser has space before March',
        }),
      ),
    );
    expect(gap).toMatchObject({ issue: 'immigration', area: 'NR5', recordedBy: 'Alice Adviser' });
    await waitFor(async () =>
      (await alice['provision.gaps']({})).every((g) => !g.waitingToSend) ? true : null,
    );
    expect(await alice['provision.gaps']({})).toMatchObject([
      { id: gap.id, waitingToSend: false, refused: null },
    ]);
    // An adviser may not read the network's list; the coordinator may.
    expect(await alice['provision.networkGaps']({})).toEqual({ ok: false, reason: 'not-allowed' });
    const sam = await openDesk('sam@network.test');
    expect(must(await sam['provision.networkGaps']({}))).toMatchObject([
      {
        id: gap.id,
        issue: 'immigration',
        area: 'NR5',
        organisationName: 'Northgate Advice Centre',
      },
    ]);
  });

  it('refuses a gap without its reason before anything is written', () => {
    expect(parseRequest('provision.recordGap', { issue: 'debt', area: 'NR5', why: '   ' }).ok).toBe(
      false,
    );
  });

  it('records a signposting from a client: only the district reaches the network', async () => {
    const service = net.services.foodParcels.id;
    const signpost = must(
      await alice['provision.recordSignpost'](
        parsed('provision.recordSignpost', {
          serviceId: service,
          clientId,
          issues: ['food-support'],
        }),
      ),
    );
    expect(signpost).toMatchObject({
      clientId,
      serviceName: 'Emergency food parcels',
      organisationName: 'Riverside Foodbank',
    });
    const rows = await waitFor(async () => {
      const r = await net.server.db.query<Record<string, unknown>>(
        'select * from signposts where id = $1',
        [signpost.id],
      );
      return r.length === 1 ? r : null;
    });
    expect(rows[0]).toMatchObject({
      service_id: service,
      issues: ['food-support'],
      postcode_district: 'NR5',
    });
    expect(JSON.stringify(rows)).not.toMatch(/Dana|Mill Lane|07700|NR5 1AA/);
    expect(await alice['provision.signposts']({ clientId })).toMatchObject([
      { id: signpost.id, waitingToSend: false },
    ]);
    // From the directory, with no client: counted, linked to nobody.
    must(
      await alice['provision.recordSignpost'](
        parsed('provision.recordSignpost', { serviceId: service, clientId: null, issues: [] }),
      ),
    );
    expect(await alice['provision.signposts']({ clientId: null })).toHaveLength(2);
    expect(await alice['provision.signposts']({ clientId })).toHaveLength(1);
  });

  it('refuses a signposting to a service or client this desk does not know', async () => {
    expect(
      await alice['provision.recordSignpost'](
        parsed('provision.recordSignpost', {
          serviceId: '0190a5b4-0000-7000-8000-0000000000aa',
          clientId,
          issues: [],
        }),
      ),
    ).toEqual({ ok: false, reason: 'not-found' });
    expect(
      await alice['provision.recordSignpost'](
        parsed('provision.recordSignpost', {
          serviceId: net.services.foodParcels.id,
          clientId: '0190a5b4-0000-7000-8000-0000000000bb',
          issues: [],
        }),
      ),
    ).toEqual({ ok: false, reason: 'client-not-found' });
  });

  it('erasing the client keeps the count but drops the link to them', async () => {
    must(await alice['clients.erase']({ id: clientId, confirmName: 'Dana Example' }));
    expect(await alice['provision.signposts']({ clientId })).toEqual([]);
    const all = await alice['provision.signposts']({ clientId: null });
    expect(all).toHaveLength(2);
    expect(all.every((s) => s.clientId === null)).toBe(true);
  });
});
