import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLead } from '#test/lead.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { parseRequest, type Handlers } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { ageOn } from '#src/directory/match.ts';
import type { Result } from '#src/result.ts';
import { addOrganisation, addService } from '#test/directory.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Receiving, honestly, below the UI: a lead's desk pauses a service through
 * its outbox, the real server applies it, and an adviser's desk sees the
 * pause and the services that can take the client instead.
 */
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];
let pantry: string;
let ownOrgFood: string;
let youthFood: string;

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

beforeAll(async () => {
  net = await startTestNetwork();
  const { db } = net.server;
  // Leads accept the agreements before they change anything (#6).
  await addLead(net, 'fran@riverside.test', net.organisations.foodbank.id, 'Fran Lead');
  const church = await addOrganisation(db, {
    name: 'St Mark’s Community Pantry',
    nation: 'england-and-wales',
  });
  pantry = await addService(db, {
    organisationId: church.id,
    name: 'Community pantry',
    description: 'Low-cost groceries for members.',
    issues: ['food-support'],
  });
  youthFood = await addService(db, {
    organisationId: church.id,
    name: 'Youth food club',
    description: 'Cooking and a hot meal for young people in NR1 and NR2.',
    issues: ['food-support'],
    areas: ['NR1', 'NR2'],
    details: { minimum_age: 16, maximum_age: 25 },
  });
  // A food service of the adviser's own agency: never offered as an alternative to them.
  ownOrgFood = await addService(db, {
    organisationId: net.organisations.advice.id,
    name: 'Northgate food vouchers',
    description: 'Foodbank vouchers.',
    issues: ['food-support'],
  });
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a lead changes whether a service takes referrals', () => {
  it('only the lead of the service’s organisation may change it', async () => {
    const alice = await openDesk('alice@northgate.test');
    const fran = await openDesk('fran@riverside.test');
    const food = net.services.foodParcels.id;
    const asFran = must(
      await waitFor(async () => {
        const r = await fran['directory.get']({ id: food });
        return r.ok ? r : null;
      }),
    );
    expect(asFran).toMatchObject({ canEdit: true, receivingNow: true, alternatives: [] });
    const asAlice = must(
      await waitFor(async () => {
        const r = await alice['directory.get']({ id: food });
        return r.ok ? r : null;
      }),
    );
    expect(asAlice.canEdit).toBe(false);
    expect(
      await alice['directory.setReceiving']({
        serviceId: food,
        receiving: { state: 'not-receiving', until: null, reason: 'Not mine' },
        capacity: { status: 'no-capacity', places: null },
      }),
    ).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('pauses until a date from the lead’s desk; the adviser sees the pause and the alternatives', async () => {
    const [alice, fran] = [
      await openDesk('alice@northgate.test'),
      await openDesk('fran@riverside.test'),
    ];
    const food = net.services.foodParcels.id;
    await waitFor(async () => ((await fran['directory.get']({ id: food })).ok ? true : null));
    const paused = must(
      await fran['directory.setReceiving']({
        serviceId: food,
        receiving: {
          state: 'paused',
          until: '2099-02-01',
          reason: 'Stock is low until the harvest appeal',
        },
        capacity: { status: 'no-capacity', places: 0 },
      }),
    );
    expect(paused).toMatchObject({
      waitingToSend: false,
      refused: null,
      receivingNow: false,
      service: {
        receiving: {
          state: 'paused',
          until: '2099-02-01',
          reason: 'Stock is low until the harvest appeal',
        },
        capacity: { status: 'no-capacity', places: 0 },
      },
    });
    const seen = await waitFor(async () => {
      const r = await alice['directory.get']({ id: food });
      return r.ok && !r.value.receivingNow ? r.value : null;
    });
    expect(seen.service.receiving.reason).toBe('Stock is low until the harvest appeal');
    const names = seen.alternatives.map((s) => s.id);
    expect(names).toContain(pantry);
    expect(names).not.toContain(food);
    expect(names).not.toContain(ownOrgFood);
    // A paused service cannot be referred to from the desk either.
    const client = must(
      await alice['clients.create']({
        name: 'Sam Example',
        dateOfBirth: null,
        phone: '',
        email: '',
        address: '',
        postcode: '',
        preferredContact: null,
      }),
    );
    const sent = await alice['referrals.send']({
      clientId: client.id,
      serviceId: food,
      issues: ['food-support'],
      needs: 'Food',
      urgent: false,
      consent: {
        given: true,
        givenBy: 'client',
        representativeName: '',
        method: 'in-person',
        shared: ['name'],
      },
    });
    expect(sent).toEqual({ ok: false, reason: 'service-not-receiving' });

    // Turned back on in one step.
    const back = must(
      await fran['directory.setReceiving']({
        serviceId: food,
        receiving: { state: 'receiving', until: null, reason: null },
        capacity: { status: 'capacity', places: 12 },
      }),
    );
    expect(back.receivingNow).toBe(true);
  });
});

describe('finding a service for a client, offline', () => {
  it('matches the client’s age and postcode, marks the excluding rules, and filters', async () => {
    const alice = await openDesk('alice@northgate.test');
    await waitFor(async () => ((await alice['directory.get']({ id: youthFood })).ok ? true : null));
    const client = async (dateOfBirth: string, postcode: string) =>
      must(
        await alice['clients.create']({
          name: 'Jo Example',
          dateOfBirth,
          phone: '',
          email: '',
          address: '',
          postcode,
          preferredContact: null,
        }),
      ).id;
    const young = await client('2008-01-15', 'NR1 2AB');
    const older = await client('1960-06-01', 'NR9 9ZZ');
    const query = {
      text: 'food',
      issue: null,
      // Handlers get requests as the contract parsed them: an empty area is null.
      area: null,
      age: null,
      receivingNow: false,
      selfReferral: false,
      clientIssues: ['food-support' as const],
    };
    const forYoung = await alice['directory.find']({ ...query, clientId: young });
    expect(forYoung[0]).toMatchObject({
      service: { id: youthFood },
      exclusions: [],
      specific: 2,
    });
    const forOlder = await alice['directory.find']({ ...query, clientId: older });
    const youth = forOlder.find((h) => h.service.id === youthFood);
    expect(youth?.exclusions).toEqual([
      {
        rule: 'age',
        text: `For ages 16 to 25; the client is ${ageOn('1960-06-01', londonDate(new Date()))}.`,
      },
      { rule: 'area', text: 'Only for NR1, NR2; the client lives in NR9.' },
    ]);
    expect(forOlder.at(-1)?.service.id).toBe(youthFood);
    // Typo-tolerant, and the filters narrow.
    const typo = await alice['directory.find']({ ...query, text: 'yuoth', clientId: null });
    expect(typo.map((h) => h.service.id)).toEqual([youthFood]);
    const byAge = await alice['directory.find']({ ...query, age: 40, clientId: null });
    expect(byAge.map((h) => h.service.id)).not.toContain(youthFood);
    const byArea = await alice['directory.find']({ ...query, area: 'NR2', clientId: null });
    expect(byArea.map((h) => h.service.id)).toContain(youthFood);
    // Bad filter input never reaches the handler: the contract refuses it.
    const parsed = parseRequest('directory.find', {
      ...query,
      area: 'not a district',
      clientId: null,
    });
    expect(parsed.ok).toBe(false);
  });
});

describe('a pause that has reached its return date', () => {
  it('counts as taking referrals again on the desk, as on the server', async () => {
    const ended = await addService(net.server.db, {
      organisationId: net.organisations.housing.id,
      name: 'Back from leave',
      description: 'Housing advice.',
      issues: ['housing'],
      receiving: { state: 'paused', until: '2020-01-06', reason: 'Leave' },
    });
    const alice = await openDesk('alice@northgate.test');
    const view = await waitFor(async () => {
      const r = await alice['directory.get']({ id: ended });
      return r.ok ? r.value : null;
    });
    expect(view.receivingNow).toBe(true);
    const client = must(
      await alice['clients.create']({
        name: 'Lee Example',
        dateOfBirth: null,
        phone: '',
        email: '',
        address: '',
        postcode: '',
        preferredContact: null,
      }),
    );
    const sent = await alice['referrals.send']({
      clientId: client.id,
      serviceId: ended,
      issues: ['housing'],
      needs: 'Rent arrears.',
      urgent: false,
      consent: {
        given: true,
        givenBy: 'client',
        representativeName: '',
        method: 'in-person',
        shared: ['name'],
      },
    });
    expect(sent.ok).toBe(true);
  });
});

describe('alternatives for the client in hand', () => {
  it('lists, beside a paused service, only services that can take this client', async () => {
    const { db } = net.server;
    const church = await addOrganisation(db, {
      name: 'Eastside Church',
      nation: 'england-and-wales',
    });
    const paused = await addService(db, {
      organisationId: church.id,
      name: 'Winter night shelter',
      description: 'Beds in winter.',
      issues: ['housing'],
      receiving: { state: 'paused', until: '2099-12-01', reason: 'Opens in December' },
    });
    const openToAll = await addService(db, {
      organisationId: church.id,
      name: 'Day centre',
      description: 'Showers and advice.',
      issues: ['housing'],
    });
    const olderOnly = await addService(db, {
      organisationId: church.id,
      name: 'Older people’s housing',
      description: 'For over 60s.',
      issues: ['housing'],
      details: { minimum_age: 60 },
    });
    const alice = await openDesk('alice@northgate.test');
    await waitFor(async () => ((await alice['directory.get']({ id: olderOnly })).ok ? true : null));
    const young = must(
      await alice['clients.create']({
        name: 'Kai Example',
        dateOfBirth: '2000-01-01',
        phone: '',
        email: '',
        address: '',
        postcode: '',
        preferredContact: null,
      }),
    );
    const hits = await alice['directory.find']({
      text: 'shelter',
      issue: null,
      area: null,
      age: null,
      receivingNow: false,
      selfReferral: false,
      clientId: young.id,
      clientIssues: ['housing'],
    });
    const shelter = hits.find((h) => h.service.id === paused);
    const ids = (shelter?.alternatives ?? []).map((s) => s.id);
    expect(ids).toContain(openToAll);
    expect(ids).not.toContain(olderOnly);
    expect(ids).not.toContain(paused);
  });
});
