import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLead } from '#test/lead.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { parseRequest, type Handlers } from '#src/contract.ts';
import type { Result } from '#src/result.ts';
import { editOf } from '#src/wire/service-edit.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Keeping the directory true from the desk (#4): a lead edits their service
 * and every desk sees it; a record never reviewed is flagged until it is
 * confirmed; a new service arrives paused; an adviser may do none of it.
 */
const PASSPHRASE = 'a long enough passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];
let fran: Handlers;
let alice: Handlers;

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

const viewOf = async (h: Handlers, id: string) =>
  must(
    await waitFor(async () =>
      (await h['directory.get']({ id })).ok ? h['directory.get']({ id }) : null,
    ),
  );

beforeAll(async () => {
  net = await startTestNetwork();
  // Leads accept the agreements before they change anything (#6).
  await addLead(net, 'fran@riverside.test', net.organisations.foodbank.id, 'Fran Lead');
  fran = await openDesk('fran@riverside.test');
  alice = await openDesk('alice@northgate.test');
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a lead keeps their services true from the desk', () => {
  it('flags a record never reviewed, and lists the lead’s own services for review', async () => {
    const food = net.services.foodParcels.id;
    const view = await viewOf(fran, food);
    expect(view).toMatchObject({ canEdit: true, reviewDue: true });
    const reviews = await fran['directory.reviews']({});
    expect(reviews.map((r) => [r.service.name, r.due])).toEqual([['Emergency food parcels', true]]);
    // An adviser has nothing to review.
    expect(await alice['directory.reviews']({})).toEqual([]);
  });

  it('edits the service: every desk sees the change, and it counts as reviewed', async () => {
    const food = net.services.foodParcels.id;
    const { service } = await viewOf(fran, food);
    const edit = parseRequest('directory.update', {
      serviceId: food,
      edit: { ...editOf(service), fees_description: 'Free', languages: ['English', 'Arabic'] },
    });
    if (!edit.ok) throw new Error(edit.detail);
    expect(must(await fran['directory.update'](edit.value))).toEqual({
      serviceId: food,
      waitingToSend: false,
      refused: null,
    });
    const seen = await waitFor(async () => {
      const v = await viewOf(alice, food);
      return v.service.fees_description === 'Free' ? v : null;
    });
    expect(seen.service.languages.map((l) => l.name)).toEqual(['English', 'Arabic']);
    expect(seen.canEdit).toBe(false);
    expect((await viewOf(fran, food)).reviewDue).toBe(false);
  });

  it('refuses an adviser’s edit on the desk, sending nothing', async () => {
    const food = net.services.foodParcels.id;
    const { service } = await viewOf(alice, food);
    const edit = parseRequest('directory.update', {
      serviceId: food,
      edit: { ...editOf(service), name: 'Hijacked' },
    });
    if (!edit.ok) throw new Error(edit.detail);
    expect(await alice['directory.update'](edit.value)).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(await alice['directory.confirmReview']({ serviceId: food })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect((await alice['sync.status']({})).waiting).toBe(0);
  });

  it('adds a service, which arrives paused until the lead turns it on', async () => {
    const { service } = await viewOf(fran, net.services.foodParcels.id);
    const create = parseRequest('directory.create', {
      organisationId: null,
      edit: { ...editOf(service), name: 'Holiday hunger club' },
    });
    if (!create.ok) throw new Error(create.detail);
    const made = must(await fran['directory.create'](create.value));
    expect(made).toMatchObject({ waitingToSend: false, refused: null });
    const view = await viewOf(alice, made.serviceId);
    expect(view.service).toMatchObject({
      name: 'Holiday hunger club',
      organization_name: 'Riverside Foodbank',
      receiving: { state: 'paused', until: null },
    });
    expect(view.receivingNow).toBe(false);
    // Another agency's lead may not add services to the foodbank.
    const other = parseRequest('directory.create', {
      organisationId: net.organisations.housing.id,
      edit: { ...editOf(service), name: 'Not theirs' },
    });
    if (!other.ok) throw new Error(other.detail);
    expect(await fran['directory.create'](other.value)).toEqual({ ok: false, reason: 'forbidden' });
  });
});
