import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import { verifyAudit } from '#server/audit/log.ts';
import { totpCode } from '#server/auth/totp.ts';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  addLead,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { AGREEMENTS } from '#src/agreements.ts';
import { newId } from '#src/ids.ts';
import { commandResultsSchema, type OutboxCommand as Command } from '#src/wire/commands.ts';
import { API } from '#src/wire/api.ts';
import { twoFactorStartSchema } from '#src/wire/accounts.ts';

/**
 * Account changes and their audit entries commit together (#6): when the
 * entry cannot be written, the change does not happen either. The test makes
 * the database itself refuse chosen entries (a trigger), so the failure is a
 * real one inside the real transaction.
 */
describe.each(BACKENDS)('audit entries in the same transaction on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let co: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    await db.query('create table audit_refused (action text primary key)');
    await db.query(`
      create function refuse_audit() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from audit_refused where action = new.action) then
          raise exception 'audit entry refused by the test';
        end if;
        return new;
      end $$`);
    await db.query(`create trigger refuse_audit before insert on audit_log
      for each row execute function refuse_audit()`);
    t = testApp(db, { now: clock.now });
    co = await t.signIn('co@network.test');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const refusing = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    await db.query('insert into audit_refused (action) values ($1)', [action]);
    try {
      return await fn();
    } finally {
      await db.query('delete from audit_refused where action = $1', [action]);
    }
  };
  const post = (token: string, url: string, payload: object = {}) =>
    t.app.inject({ method: 'POST', url: `${API}${url}`, headers: t.auth(token), payload });
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T | undefined> =>
    (await db.query<T>(sql, params))[0];
  const entries = async (action: string) =>
    Number(
      (
        await one<{ n: number | string }>('select count(*) as n from audit_log where action = $1', [
          action,
        ])
      )?.n,
    );

  it('does not disable an account whose entry cannot be written', async () => {
    const bob = await t.signIn('bob@riverside.test');
    const res = await refusing('user.disable', () =>
      post(co, `/users/${net.users.bob.id}/disabled`, { disabled: true }),
    );
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal' });
    expect(
      (
        await one<{ disabled: boolean }>('select disabled from users where id = $1', [
          net.users.bob.id,
        ])
      )?.disabled,
    ).toBe(false);
    expect((await t.get(bob, '/me')).statusCode).toBe(200);
    expect(await entries('user.disable')).toBe(0);
    // With the log writable again, both happen.
    expect(
      (await post(co, `/users/${net.users.bob.id}/disabled`, { disabled: true })).statusCode,
    ).toBe(204);
    expect(await entries('user.disable')).toBe(1);
    expect((await t.get(bob, '/me')).statusCode).toBe(401);
    await post(co, `/users/${net.users.bob.id}/disabled`, { disabled: false });
  });

  it('makes no invitation (and no agency) without its entry', async () => {
    const res = await refusing('invitation.create', () =>
      post(co, '/invitations', {
        email: 'nia@newtown.test',
        name: 'Nia Lead',
        role: 'lead',
        organisationName: 'Newtown Welfare Rights',
        nation: 'england-and-wales',
      }),
    );
    expect(res.statusCode).toBe(500);
    expect(await one(`select 1 from invitations where email = 'nia@newtown.test'`)).toBeUndefined();
    expect(
      await one(`select 1 from organisations where name = 'Newtown Welfare Rights'`),
    ).toBeUndefined();
  });

  it('opens no session, turns nothing on and accepts nothing without the entries', async () => {
    const before = Number(
      (await one<{ n: string | number }>('select count(*) as n from sessions'))?.n,
    );
    const signIn = await refusing('sign-in', () =>
      t.app.inject({
        method: 'POST',
        url: `${API}/auth/sign-in`,
        payload: { email: 'carol@eastfield.test', password: PASSWORD, device: 'pc' },
      }),
    );
    expect(signIn.statusCode).toBe(500);
    expect(
      Number((await one<{ n: string | number }>('select count(*) as n from sessions'))?.n),
    ).toBe(before);

    must(
      await createUser(db, {
        email: 'dee@northgate.test',
        name: 'Dee Adviser',
        role: 'adviser',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    const dee = await t.signIn('dee@northgate.test');
    const { secret } = twoFactorStartSchema.parse((await post(dee, '/me/two-factor/start')).json());
    const on = await refusing('two-factor.on', () =>
      post(dee, '/me/two-factor/confirm', { code: totpCode(secret, clock.now()) }),
    );
    expect(on.statusCode).toBe(500);
    expect(
      (
        await one<{ on: boolean }>(
          `select totp_enabled_at is not null as on from users where email = 'dee@northgate.test'`,
        )
      )?.on,
    ).toBe(false);

    const accepted = await refusing('agreement.accept', () =>
      post(dee, '/agreements/accept', { kind: 'user', version: AGREEMENTS.user.version }),
    );
    expect(accepted.statusCode).toBe(500);
    expect(
      await one(
        `select 1 from agreement_acceptances a join users u on u.id = a.user_id
          where u.email = 'dee@northgate.test'`,
      ),
    ).toBeUndefined();

    const rule = await refusing('network.two-factor', () =>
      post(co, '/network/two-factor', { required: false }),
    );
    expect(rule.statusCode).toBe(500);
    expect(await entries('network.two-factor')).toBe(0);
  });

  it('applies no desk command whose entry cannot be written, and applies it once on the retry', async () => {
    const alice = await t.signIn('alice@northgate.test');
    const send = sendCommand(net.services.food);
    const refused = await refusing('referral.send', () => t.commands(alice, [send]));
    expect(refused.statusCode).toBe(500);
    expect(await one('select 1 from referrals where id = $1', [send.referralId])).toBeUndefined();
    expect(
      await one('select 1 from applied_mutations where mutation_id = $1', [send.mutationId]),
    ).toBeUndefined();
    expect(await entries('referral.send')).toBe(0);

    // The desk's outbox sends it again later: applied once, with its one entry.
    const retried = commandResultsSchema.parse((await t.commands(alice, [send])).json());
    expect(retried.results).toMatchObject([{ status: 'applied' }]);
    expect(await one('select 1 from referrals where id = $1', [send.referralId])).toBeDefined();
    expect(await entries('referral.send')).toBe(1);

    // A directory command too: the service is not paused without its entry.
    await addLead(db, net.organisations.foodbank.id, 'lead@riverside.test');
    const lead = await t.signIn('lead@riverside.test');
    const pause: Command = {
      type: 'service.setReceiving',
      mutationId: newId(),
      serviceId: net.services.food,
      receiving: { state: 'not-receiving', until: null, reason: 'Moving premises' },
      capacity: { status: 'no-capacity', places: 0 },
    };
    const paused = await refusing('service.setReceiving', () => t.commands(lead, [pause]));
    expect(paused.statusCode).toBe(500);
    expect(
      (
        await one<{ receiving_state: string }>(
          'select receiving_state from services where id = $1',
          [net.services.food],
        )
      )?.receiving_state,
    ).toBe('receiving');
  });

  it('keeps the chain whole: every entry written around the refusals verifies', async () => {
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});
