import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPassword } from '#server/accounts/password-policy.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { createService } from '#server/admin/directory.ts';
import { AGREEMENTS } from '#src/agreements.ts';
import { newId } from '#src/ids.ts';
import {
  must,
  addLead,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import {
  accountsResponseSchema,
  agreementsStatusSchema,
  devicesResponseSchema,
  inviteResponseSchema,
  type InviteRequest,
} from '#src/wire/accounts.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';

const GOOD = 'a long walk by the river';

describe('password policy', () => {
  const account = { email: 'sam.jones@northgate.test', name: 'Sam Jones' };
  it('asks for length, not symbols', () => {
    expect(checkPassword('short pass', account)).toMatchObject({ reason: 'too-short' });
    expect(checkPassword(GOOD, account)).toEqual({ ok: true, value: undefined });
    expect(checkPassword('x'.repeat(201), account)).toMatchObject({ reason: 'too-long' });
  });
  it('refuses the commonest passwords, dressed up or not', () => {
    for (const p of [
      'qwerty123456',
      '1q2w3e4r5t6y',
      'password1234',
      'Password1234!',
      'passwordpassword',
      'aaaaaaaaaaaa',
      'abababababab',
      'handover2026!!',
    ]) {
      expect({ p, r: checkPassword(p, account) }).toMatchObject({
        p,
        r: { ok: false, reason: 'too-common' },
      });
    }
  });
  it('refuses the person’s own email or name', () => {
    expect(checkPassword('sam.jones@northgate.test', account)).toMatchObject({
      reason: 'like-account',
    });
    expect(checkPassword('samjones1234', { ...account, email: 'samjones@x.test' })).toMatchObject({
      reason: 'like-account',
    });
  });
});

describe.each(BACKENDS)('onboarding by invitation on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let coordinator: string;
  let alice: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, {
      now: clock.now,
      lockout: { maxFailures: 4, windowMs: 60_000, lockMs: 60_000 },
    });
    coordinator = await t.signIn('co@network.test');
    alice = await t.signIn('alice@northgate.test');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const post = (token: string | null, url: string, payload: unknown, ip = '10.1.0.1') =>
    t.app.inject({
      method: 'POST',
      url: `${API}${url}`,
      payload: payload as Record<string, unknown>,
      remoteAddress: ip,
      ...(token !== null && { headers: t.auth(token) }),
    });
  const invite = async (token: string, body: InviteRequest) => {
    const res = await post(token, '/invitations', body);
    expect(res.statusCode).toBe(201);
    return inviteResponseSchema.parse(res.json());
  };
  const accept = (email: string, code: string, password = GOOD, ip = '10.1.0.1') =>
    post(null, '/invitations/accept', { email, code, password }, ip);

  it('a coordinator invites a lead (creating the agency); the lead invites an adviser; both join', async () => {
    const lead = await invite(coordinator, {
      email: 'Lead@Newtown.test',
      name: 'Nia Lead',
      role: 'lead',
      organisationName: 'Newtown Welfare Rights',
      nation: 'england-and-wales',
    });
    expect(lead.invitation).toMatchObject({
      email: 'lead@newtown.test',
      role: 'lead',
      purpose: 'join',
    });
    expect(lead.code).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    // Only a hash of the code is kept.
    const stored = await db.query<{ code_hash: string }>('select code_hash from invitations');
    expect(JSON.stringify(stored)).not.toContain(lead.code.replace(/-/g, ''));
    const [org] = await db.query<{ name: string }>('select name from organisations where id = $1', [
      lead.invitation.organisationId,
    ]);
    expect(org?.name).toBe('Newtown Welfare Rights');

    expect((await accept('lead@newtown.test', lead.code)).statusCode).toBe(204);
    const leadToken = await t.signIn('lead@newtown.test', GOOD);
    const staff = await invite(leadToken, {
      email: 'ade@newtown.test',
      name: 'Ade Adviser',
      role: 'adviser',
    });
    expect(staff.invitation.organisationId).toBe(lead.invitation.organisationId);
    expect((await accept('ade@newtown.test', staff.code)).statusCode).toBe(204);
    const signedIn = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email: 'ade@newtown.test', password: GOOD, device: 'laptop' },
    });
    const me = signInResponseSchema.parse(signedIn.json());
    expect(me.user).toMatchObject({
      role: 'adviser',
      organisationId: lead.invitation.organisationId,
    });
    expect(me.organisation?.name).toBe('Newtown Welfare Rights');
  });

  it('lets nobody invite beyond their role', async () => {
    const cases: [string, InviteRequest][] = [
      [alice, { email: 'x1@t.test', name: 'X', role: 'adviser' }],
      [
        alice,
        { email: 'x2@t.test', name: 'X', role: 'lead', organisationName: 'Y', nation: 'scotland' },
      ],
      [coordinator, { email: 'x3@t.test', name: 'X', role: 'adviser' }],
      [coordinator, { email: 'x4@t.test', name: 'X', role: 'coordinator' }],
      [coordinator, { email: 'x5@t.test', name: 'X', role: 'administrator' }],
    ];
    for (const [token, body] of cases) {
      const res = await post(token, '/invitations', body);
      expect({ email: body.email, status: res.statusCode }).toEqual({
        email: body.email,
        status: 403,
      });
    }
    const [n] = await db.query<{ n: number | string }>(
      "select count(*) as n from invitations where email like 'x%@t.test'",
    );
    expect(Number(n?.n)).toBe(0);
    // An existing account cannot be invited again: that is what a reset is for.
    const taken = await post(coordinator, '/invitations', {
      email: 'alice@northgate.test',
      name: 'A',
      role: 'lead',
      organisationName: 'Z',
      nation: 'scotland',
    });
    expect(taken.statusCode).toBe(409);
  });

  // Issue #12: a lead cancelled another agency's waiting invitation by inviting the same
  // email, and took the account with their own code.
  it('never lets a lead replace another agency’s waiting invitation', async () => {
    const email = 'sought@after.test';
    await addLead(db, net.organisations.advice.id, 'lead@northgate.test');
    await addLead(db, net.organisations.foodbank.id, 'lead@riverside.test');
    const [northgate, riverside] = [
      await t.signIn('lead@northgate.test'),
      await t.signIn('lead@riverside.test'),
    ];
    const first = await invite(northgate, { email, name: 'Sam Sought', role: 'adviser' });
    const second = await post(riverside, '/invitations', {
      email: 'Sought@After.test',
      name: 'Sam Sought',
      role: 'adviser',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({ error: 'conflict', detail: 'invitation-pending' });
    // Northgate's invitation still works, into Northgate.
    expect((await accept(email, first.code)).statusCode).toBe(204);
    const [user] = await db.query<{ organisation_id: string }>(
      'select organisation_id from users where email = $1',
      [email],
    );
    expect(user?.organisation_id).toBe(net.organisations.advice.id);
  });

  it('lets a lead replace their own agency’s waiting invitation (a lost code)', async () => {
    const email = 'lost@code.test';
    await addLead(db, net.organisations.housing.id, 'lead@eastfield.test');
    const eastfield = await t.signIn('lead@eastfield.test');
    const first = await invite(eastfield, { email, name: 'Lou Lost', role: 'adviser' });
    const second = await invite(eastfield, { email, name: 'Lou Lost', role: 'adviser' });
    expect((await accept(email, first.code)).statusCode).toBe(400);
    expect((await accept(email, second.code)).statusCode).toBe(204);
  });

  it('refuses an invitation that is reused, expired, for another email, or with a weak password', async () => {
    const lead = await invite(coordinator, {
      email: 'once@town.test',
      name: 'Once Lead',
      role: 'lead',
      organisationName: 'Once Agency',
      nation: 'scotland',
    });
    const weak = await accept('once@town.test', lead.code, 'password1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toEqual({ error: 'weak-password', detail: 'too-common' });
    const short = await accept('once@town.test', lead.code, 'too short');
    expect(short.json()).toEqual({ error: 'weak-password', detail: 'too-short' });
    expect((await accept('other@town.test', lead.code)).json()).toEqual({
      error: 'invitation-invalid',
    });
    // The weak attempts did not spend it.
    expect((await accept('once@town.test', lead.code)).statusCode).toBe(204);
    const reused = await accept('once@town.test', lead.code, 'another long passphrase');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toEqual({ error: 'invitation-invalid' });

    const late = await invite(coordinator, {
      email: 'late@town.test',
      name: 'Late Lead',
      role: 'lead',
      organisationName: 'Late Agency',
      nation: 'northern-ireland',
    });
    clock.set(new Date(clock.now().getTime() + 7 * 24 * 60 * 60_000 + 1000).toISOString());
    const expired = await accept('late@town.test', late.code, GOOD, '10.1.0.2');
    expect(expired.json()).toEqual({ error: 'invitation-invalid' });
    const [user] = await db.query('select 1 from users where email = $1', ['late@town.test']);
    expect(user).toBeUndefined();
  });

  it('slows guessing of invitation codes', async () => {
    const ip = '10.1.0.77';
    for (let i = 0; i < 4; i++) {
      expect((await accept('g@town.test', 'AAAAA-BBBBB-CCCCC-DDDDD', GOOD, ip)).statusCode).toBe(
        400,
      );
    }
    const locked = await accept('g@town.test', 'AAAAA-BBBBB-CCCCC-DDDDD', GOOD, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: 'rate-limited' });
  });

  it('resets a password by invitation: old password and sessions die, the new one works', async () => {
    const leadInvite = await invite(coordinator, {
      email: 'reset-lead@town.test',
      name: 'Reset Lead',
      role: 'lead',
      organisationName: 'Reset Agency',
      nation: 'england-and-wales',
    });
    await accept('reset-lead@town.test', leadInvite.code);
    const lead = await t.signIn('reset-lead@town.test', GOOD);
    const staff = await invite(lead, { email: 'rs@town.test', name: 'Ree Staff', role: 'adviser' });
    await accept('rs@town.test', staff.code);
    const [row] = await db.query<{ id: string }>(
      "select id from users where email = 'rs@town.test'",
    );
    const staffId = row?.id ?? '';
    const old = await t.signIn('rs@town.test', GOOD);

    // Another agency's lead cannot see the account, an adviser may not reset at all.
    expect((await post(alice, `/users/${staffId}/reset`, {})).statusCode).toBe(403);
    const reset = await post(lead, `/users/${staffId}/reset`, {});
    expect(reset.statusCode).toBe(201);
    const { code, invitation } = inviteResponseSchema.parse(reset.json());
    expect(invitation.purpose).toBe('reset');
    expect((await accept('rs@town.test', code, 'a brand new long passphrase')).statusCode).toBe(
      204,
    );
    expect((await t.get(old, '/me')).statusCode).toBe(401);
    await expect(t.signIn('rs@town.test', GOOD)).rejects.toThrow(/401/);
    expect(
      (await t.get(await t.signIn('rs@town.test', 'a brand new long passphrase'), '/me'))
        .statusCode,
    ).toBe(200);
  });

  it('lets a lead disable their adviser: every session ends at once, sign-in is refused, re-enabling restores it', async () => {
    const leadInvite = await invite(coordinator, {
      email: 'dis-lead@town.test',
      name: 'Dis Lead',
      role: 'lead',
      organisationName: 'Dis Agency',
      nation: 'england-and-wales',
    });
    await accept('dis-lead@town.test', leadInvite.code);
    const lead = await t.signIn('dis-lead@town.test', GOOD);
    const staff = await invite(lead, { email: 'dd@town.test', name: 'Dee Staff', role: 'adviser' });
    await accept('dd@town.test', staff.code);
    const [row] = await db.query<{ id: string }>(
      "select id from users where email = 'dd@town.test'",
    );
    const id = row?.id ?? '';
    const one = await t.signIn('dd@town.test', GOOD);
    const two = await t.signIn('dd@town.test', GOOD);

    // Not their agency: a lead elsewhere gets not-found; an adviser, forbidden.
    const otherLead = await invite(coordinator, {
      email: 'other-lead@town.test',
      name: 'Other Lead',
      role: 'lead',
      organisationName: 'Other Agency',
      nation: 'england-and-wales',
    });
    await accept('other-lead@town.test', otherLead.code);
    const other = await t.signIn('other-lead@town.test', GOOD);
    expect((await post(other, `/users/${id}/disabled`, { disabled: true })).statusCode).toBe(404);
    expect((await post(alice, `/users/${id}/disabled`, { disabled: true })).statusCode).toBe(403);
    // A lead cannot disable a coordinator or themselves.
    expect(
      (await post(lead, `/users/${net.users.coordinator.id}/disabled`, { disabled: true }))
        .statusCode,
    ).toBe(404);

    expect((await post(lead, `/users/${id}/disabled`, { disabled: true })).statusCode).toBe(204);
    for (const token of [one, two]) expect((await t.get(token, '/me')).statusCode).toBe(401);
    await expect(t.signIn('dd@town.test', GOOD)).rejects.toThrow(/401/);
    const list = accountsResponseSchema.parse((await t.get(lead, '/users')).json());
    expect(list.users.find((u) => u.id === id)?.disabled).toBe(true);
    // A lead sees only their own agency's accounts.
    expect(new Set(list.users.map((u) => u.organisationId))).toEqual(
      new Set([leadInvite.invitation.organisationId]),
    );
    expect((await post(lead, `/users/${id}/disabled`, { disabled: false })).statusCode).toBe(204);
    expect((await t.get(await t.signIn('dd@town.test', GOOD), '/me')).statusCode).toBe(200);
  });

  it('shows a user their devices and signs one out', async () => {
    const laptop = await t.signIn('bob@riverside.test');
    const desk = await t.signIn('bob@riverside.test');
    const res = await t.get(laptop, '/me/devices');
    const { devices } = devicesResponseSchema.parse(res.json());
    expect(devices.length).toBeGreaterThanOrEqual(2);
    expect(devices.filter((d) => d.current)).toHaveLength(1);
    const deskId = devicesResponseSchema
      .parse((await t.get(desk, '/me/devices')).json())
      .devices.find((d) => d.current)?.id;
    // Someone else cannot sign Bob's device out.
    const carol = await t.signIn('carol@eastfield.test');
    const stranger = await t.app.inject({
      method: 'DELETE',
      url: `${API}/me/devices/${deskId}`,
      headers: t.auth(carol),
    });
    expect(stranger.statusCode).toBe(404);
    const out = await t.app.inject({
      method: 'DELETE',
      url: `${API}/me/devices/${deskId}`,
      headers: t.auth(laptop),
    });
    expect(out.statusCode).toBe(204);
    expect((await t.get(desk, '/me')).statusCode).toBe(401);
    expect((await t.get(laptop, '/me')).statusCode).toBe(200);
  });

  it('lets an invited adviser refer once the agreements are accepted, and records who accepted', async () => {
    const leadInvite = await invite(coordinator, {
      email: 'ref-lead@town.test',
      name: 'Ref Lead',
      role: 'lead',
      organisationName: 'Ref Agency',
      nation: 'england-and-wales',
    });
    await accept('ref-lead@town.test', leadInvite.code);
    const lead = await t.signIn('ref-lead@town.test', GOOD);
    const staff = await invite(lead, { email: 'rr@town.test', name: 'Rae Staff', role: 'adviser' });
    await accept('rr@town.test', staff.code);
    const token = await t.signIn('rr@town.test', GOOD);
    const refer = async () =>
      commandResultsSchema.parse((await t.commands(token, [sendCommand(net.services.food)])).json())
        .results[0];
    const agree = (
      who: string,
      kind: 'user' | 'data-sharing',
      version = AGREEMENTS[kind].version,
    ) => post(who, '/agreements/accept', { kind, version });

    // Nothing accepted yet: the referral waits, with a reason.
    expect(await refer()).toMatchObject({ status: 'rejected', reason: 'agreement-needed' });
    expect((await agree(token, 'user')).statusCode).toBe(204);
    // Still waiting: the agency's lead has not accepted the data-sharing agreement.
    expect(await refer()).toMatchObject({ status: 'rejected', reason: 'agreement-needed' });
    // Only a lead accepts for the agency, and only the current words.
    expect((await agree(token, 'data-sharing')).statusCode).toBe(403);
    expect((await agree(lead, 'data-sharing', 'old-version')).statusCode).toBe(409);
    expect((await agree(lead, 'data-sharing')).statusCode).toBe(204);
    expect(await refer()).toMatchObject({ status: 'applied' });

    const status = agreementsStatusSchema.parse((await t.get(token, '/agreements')).json());
    expect(status.dataSharing).toMatchObject({
      version: AGREEMENTS['data-sharing'].version,
      acceptedBy: 'Ref Lead',
    });
    expect(status.user.acceptedAt).not.toBeNull();
  });

  it('holds every other command of a new lead until they accept the user agreement', async () => {
    const leadInvite = await invite(coordinator, {
      email: 'gap-lead@town.test',
      name: 'Gap Lead',
      role: 'lead',
      organisationName: 'Gap Agency',
      nation: 'england-and-wales',
    });
    await accept('gap-lead@town.test', leadInvite.code);
    const lead = await t.signIn('gap-lead@town.test', GOOD);
    const gap = {
      type: 'gap.record' as const,
      mutationId: newId(),
      gapId: newId(),
      issue: 'housing' as const,
      area: 'Thetford',
      why: 'No tenancy support north of the river',
    };
    const record = async () =>
      commandResultsSchema.parse((await t.commands(lead, [gap])).json()).results[0];

    expect(await record()).toMatchObject({ status: 'rejected', reason: 'agreement-needed' });
    expect(await db.query('select 1 from provision_gaps where id = $1', [gap.gapId])).toEqual([]);
    const agreed = await post(lead, '/agreements/accept', {
      kind: 'user',
      version: AGREEMENTS.user.version,
    });
    expect(agreed.statusCode).toBe(204);
    // The same command, sent again by the outbox, now goes through.
    expect(await record()).toMatchObject({ status: 'applied' });
  });

  it('refuses a referral to an agency whose lead has not accepted the data-sharing agreement', async () => {
    const leadInvite = await invite(coordinator, {
      email: 'new-lead@town.test',
      name: 'New Lead',
      role: 'lead',
      organisationName: 'New Receiving Agency',
      nation: 'england-and-wales',
    });
    const organisationId = leadInvite.invitation.organisationId ?? '';
    const service = must(
      await createService(db, {
        organisationId,
        name: 'New help',
        description: 'New help: test service',
        issues: ['food-support'],
      }),
    );
    const [sent] = commandResultsSchema.parse(
      (await t.commands(alice, [sendCommand(service.id)])).json(),
    ).results;
    expect(sent).toMatchObject({ status: 'rejected', reason: 'agreement-needed' });
  });
});
