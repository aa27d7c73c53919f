import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { caseSeriesKeeper } from '#main/casework/case-series.ts';
import { openCase } from '#main/store/cases.ts';
import { insertClient } from '#main/store/clients.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { searchCasework } from '#main/store/casework-search.ts';
import { getMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { signIn } from '#main/sync/server-api.ts';
import { addLead } from '#test/lead.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Case references unique within an agency (#5): each desk store numbers its
 * own cases offline, with letters the server gave it. Real server, real
 * encrypted stores.
 */
const LEAD = 'lead@northgate.test';
const year = new Date().getUTCFullYear();

let net: TestNetwork;
let dir = '';
const desks: Desk[] = [];

beforeAll(async () => {
  net = await startTestNetwork();
  await addLead(net, LEAD, net.organisations.advice.id);
  dir = mkdtempSync(join(tmpdir(), 'handover-case-series-'));
});
afterAll(async () => {
  for (const desk of desks) {
    await desk.handlers['session.signOut']({});
    await desk.close();
  }
  await net.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A desk on its own computer (data folder), signed in and unlocked. */
const deskFor = async (email: string, computer: string): Promise<Desk> => {
  const desk = await createDesk(
    {
      dataDir: join(dir, computer),
      defaultServerUrl: net.server.url,
      deviceName: computer,
      keychain: 'off',
    },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  await desk.handlers['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD });
  expect(
    await desk.handlers['session.unlock']({ passphrase: 'a long enough passphrase' }),
  ).toMatchObject({
    ok: true,
  });
  return desk;
};

const openACase = async (desk: Desk, name: string): Promise<string> => {
  const client = await desk.handlers['clients.save']({ id: null, details: details({ name }) });
  if (!client.ok) throw new Error(client.reason);
  const opened = await desk.handlers['cases.open']({
    clientId: client.value.id,
    issues: ['debt'],
    summary: 'Council tax arrears',
    openedOn: '2026-11-23',
  });
  if (!opened.ok) throw new Error(opened.reason);
  return opened.value.reference;
};

describe('case references across an agency’s desks', () => {
  it('never gives two desks of an agency the same reference, and finds a case by it as typed', async () => {
    const alice = await deskFor('alice@northgate.test', 'front-desk');
    const lead = await deskFor(LEAD, 'back-office');
    const alicesSecond = await deskFor('alice@northgate.test', 'outreach-laptop');

    const references = [
      await openACase(alice, 'Ruth Penhaligon'),
      await openACase(lead, 'Samir Haddad'),
      await openACase(alicesSecond, 'Tomasz Wrobel'),
      await openACase(alice, 'Una McBride'),
    ];
    expect(new Set(references).size).toBe(4);
    for (const reference of references)
      expect(reference).toMatch(/^HC-[A-HJ-NP-Z]{1,3}-\d{4}-\d{4}$/);
    // Each desk counts its own cases; its letters tell it apart.
    expect(references.map((r) => r.replace(/-\d{4}-/, '-YEAR-'))).toEqual([
      'HC-A-YEAR-0001',
      'HC-B-YEAR-0001',
      'HC-C-YEAR-0001',
      'HC-A-YEAR-0002',
    ]);

    const found = await lead.handlers['casework.search']({ text: `hc b ${year} 1` });
    expect(found.map((hit) => hit.name)).toEqual(['Samir Haddad']);
    // Another desk's reference is not this desk's case.
    expect(await lead.handlers['casework.search']({ text: `HC-A-${year}-0001` })).toEqual([]);
  });

  it('numbers without letters while the network cannot be reached, then with them', async () => {
    const file = join(dir, 'offline.db');
    const store = openStore(file, randomBytes(32), MIGRATIONS);
    if (!store.ok) throw new Error(store.reason);
    const db = store.value;
    const answer = await signIn(net.server.url, {
      email: 'alice@northgate.test',
      password: PASSWORD,
      device: 'offline test',
    });
    if (!answer.ok) throw new Error(answer.reason);
    const { token, ...me } = answer.value;
    // A server address nothing answers at: the desk has never reached the network.
    const session = { db, me, serverUrl: 'http://127.0.0.1:9', token };
    const keeper = caseSeriesKeeper({ session: () => session });
    const client = insertClient(db, details(), new Date());

    await keeper.beforeOpeningCase();
    const offline = openCase(
      db,
      { clientId: client.id, issues: ['debt'], summary: '', openedOn: '2026-11-23' },
      'Alice',
      new Date(),
    );
    expect(offline?.reference).toBe(`HC-${year}-0001`);
    expect(getMeta(db, 'case-series')).toBeNull();

    // The network is back: the desk asks again (as it does when it next opens);
    // just after a failure, opening a case does not wait for that answer itself.
    session.serverUrl = net.server.url;
    await keeper.ensure();
    await keeper.beforeOpeningCase();
    const online = openCase(
      db,
      { clientId: client.id, issues: ['debt'], summary: '', openedOn: '2026-11-23' },
      'Alice',
      new Date(),
    );
    // The numbering goes on; the letters are new to the agency (three desks asked above).
    expect(online?.reference).toBe(`HC-D-${year}-0002`);
    // The first case keeps the reference it was given.
    expect(searchCasework(db, `HC-${year}-0001`).map((hit) => hit.caseReference)).toEqual([
      `HC-${year}-0001`,
    ]);
    db.close();
  });
});
