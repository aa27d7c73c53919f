import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { parseRequest, type Handlers, type Request } from '#src/contract.ts';
import type { Result } from '#src/result.ts';
import { addService } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Referring a client the service's rules exclude (#4), below the UI: the
 * desk refuses without a reason and writes nothing; with one, the referral
 * carries the rules and the reason, the server keeps them, and the
 * receiving desk reads them.
 */
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];
let youthClub: string;
let alice: Handlers;
let bob: Handlers;
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
  must(await h['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD }));
  must(await h['session.unlock']({ passphrase: PASSPHRASE }));
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

const sendMany = (h: Handlers, request: Request<'referrals.sendMany'>) => {
  const parsed = parseRequest('referrals.sendMany', request);
  if (!parsed.ok) throw new Error(parsed.detail);
  return h['referrals.sendMany'](parsed.value);
};

const referral = (ineligibleReason: string | null): Request<'referrals.sendMany'> => ({
  clientId,
  serviceIds: [youthClub],
  issues: ['food-support'],
  needs: 'A hot meal twice a week.',
  urgent: false,
  ineligibleReason,
  consent: {
    given: true,
    givenBy: 'client',
    representativeName: null,
    method: 'in-person',
    shared: ['name', 'dateOfBirth', 'postcode'],
  },
});

beforeAll(async () => {
  net = await startTestNetwork();
  youthClub = await addService(net.server.db, {
    organisationId: net.organisations.foodbank.id,
    name: 'Youth food club',
    description: 'Cooking and a hot meal for young people in NR1 and NR2.',
    issues: ['food-support'],
    areas: ['NR1', 'NR2'],
    details: { minimum_age: 16, maximum_age: 25 },
  });
  alice = await openDesk('alice@northgate.test');
  bob = await openDesk('bob@riverside.test');
  const client = parseRequest('clients.create', {
    name: 'Dana Example',
    dateOfBirth: '1984-03-02',
    phone: '',
    email: '',
    address: '',
    postcode: 'NR5 1AA',
    preferredContact: null,
  });
  if (!client.ok) throw new Error(client.detail);
  clientId = must(await alice['clients.create'](client.value)).id;
  await waitFor(async () => ((await alice['directory.get']({ id: youthClub })).ok ? true : null));
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('referring a client the service’s rules exclude', () => {
  it('is refused on the desk without a reason, and nothing is written or sent', async () => {
    for (const reason of [null, '   ']) {
      expect(await sendMany(alice, referral(reason))).toEqual({
        ok: false,
        reason: 'not-eligible',
      });
    }
    expect(await alice['referrals.list']({ direction: 'outgoing' })).toEqual([]);
    expect((await alice['sync.status']({})).waiting).toBe(0);
  });

  it('goes with a reason; the server keeps the rules and the reason; the receiver reads them', async () => {
    const sent = must(await sendMany(alice, referral('Moving to NR2 next week; agreed by phone')));
    const [id] = sent.referralIds;
    if (id === undefined) throw new Error('no referral');
    const expected = {
      rules: ['age', 'area'],
      reason: 'Moving to NR2 next week; agreed by phone',
    };
    const outgoing = must(await alice['referrals.get']({ id }));
    expect(outgoing.referral.eligibilityOverride).toEqual(expected);
    const incoming = await waitFor(async () => {
      const r = await bob['referrals.get']({ id });
      return r.ok ? r.value : null;
    });
    expect(incoming.direction).toBe('incoming');
    expect(incoming.referral.eligibilityOverride).toEqual(expected);
    expect(incoming.referral.status).toBe('sent');
    const row = await net.server.db.query<{ eligibility_override: unknown }>(
      'select eligibility_override from referrals where id = $1',
      [id],
    );
    expect(row[0]?.eligibility_override).toEqual(expected);
  });

  it('a reason given for an eligible service is not recorded', async () => {
    const sent = must(
      await sendMany(alice, {
        ...referral('Not needed'),
        serviceIds: [net.services.foodParcels.id],
      }),
    );
    const [id] = sent.referralIds;
    if (id === undefined) throw new Error('no referral');
    expect(must(await alice['referrals.get']({ id })).referral.eligibilityOverride).toBeNull();
  });
});
