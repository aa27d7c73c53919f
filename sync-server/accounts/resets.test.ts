import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { createMailer, type Mailer } from '#server/email/mailer.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  must,
  PASSWORD,
  seedTestNetwork,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { startSmtp } from '#server/test-support/smtp.ts';
import { API } from '#src/wire/api.ts';
import { accountNoticesResponseSchema, resetResponseSchema } from '#src/wire/accounts.ts';

/** Anything shaped like a one-time code, with or without its dashes. */
const CODE_LIKE = /[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}/g;

/**
 * Password resets (#12): a coordinator is never given a code that signs in as
 * an agency's staff. It reaches the person by email or their own agency's
 * lead; the person and their leads are told of every reset, on their desks
 * and by email.
 */
describe.each(BACKENDS)('password resets on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let plain: ReturnType<typeof testApp>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let co: string;
  let coPlain: string;
  let noraId: string;
  let olaId: string;
  let fredId: string;
  let co2Id: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    // Northgate has two leads; Riverside only one.
    noraId = await addLead(db, net.organisations.advice.id, 'nora@northgate.test', 'Nora Lead');
    olaId = await addLead(db, net.organisations.advice.id, 'ola@northgate.test', 'Ola Lead');
    fredId = await addLead(db, net.organisations.foodbank.id, 'fred@riverside.test', 'Fred Lead');
    co2Id = must(
      await createUser(db, {
        email: 'co2@network.test',
        name: 'Second Coordinator',
        role: 'coordinator',
        organisationId: null,
        password: PASSWORD,
      }),
    ).id;
    smtp = await startSmtp();
    mailer = createMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: null,
      password: null,
      from: 'Handover <handover@network.test>',
      appUrl: null,
    });
    t = testApp(db, { now: clock.now, mailer });
    plain = testApp(db, { now: clock.now });
    co = await t.signIn('co@network.test');
    coPlain = await plain.signIn('co@network.test');
  });
  afterAll(async () => {
    await t.app.close();
    await plain.app.close();
    mailer.close();
    await smtp.close();
    await drop();
  });

  const reset = (app: ReturnType<typeof testApp>, token: string, userId: string) =>
    app.app.inject({
      method: 'POST',
      url: `${API}/users/${userId}/reset`,
      headers: app.auth(token),
      payload: {},
    });
  const accept = (email: string, code: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { email, code, password },
    });
  const notices = async (app: ReturnType<typeof testApp>, token: string) =>
    accountNoticesResponseSchema.parse((await app.get(token, '/me/notices')).json()).notices;
  const codeIn = (text: string): string =>
    /^ {4}([A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){3})$/m.exec(text)?.[1] ?? '';
  const waitingCodes = async (email: string) =>
    db.query(
      `select id from invitations where email = $1 and purpose = 'reset' and used_at is null`,
      [email],
    );
  /** Every code-shaped string the asker saw, tried as a code: none may open the account. */
  const nothingSignsIn = async (seen: string, email: string) => {
    for (const candidate of seen.match(CODE_LIKE) ?? []) {
      expect((await accept(email, candidate, 'somebody else entirely now')).statusCode).toBe(400);
    }
  };

  it('a coordinator’s reset of an adviser is emailed to the adviser only; their leads are told', async () => {
    smtp.inbox.length = 0;
    const res = await reset(t, co, net.users.alice.id);
    expect(res.statusCode).toBe(201);
    const answer = resetResponseSchema.parse(res.json());
    expect(answer).toEqual({ emailed: true, leadsAsked: false });
    await nothingSignsIn(res.body, 'alice@northgate.test');
    // The coordinator's own notices and the audit log they read carry no code either.
    const audit = await t.get(co, '/audit');
    await nothingSignsIn(audit.body, 'alice@northgate.test');

    const toAlice = smtp.inbox.find((m) => m.to.includes('alice@northgate.test'));
    expect(toAlice?.subject).toBe('Your Handover password reset (Test network)');
    const code = codeIn(toAlice?.text ?? '');
    expect(code).not.toBe('');
    // Each lead is emailed that it happened, without the code.
    for (const lead of ['nora@northgate.test', 'ola@northgate.test']) {
      const told = smtp.inbox.find((m) => m.to.includes(lead));
      expect(told?.subject).toBe('A password reset was made at your agency (Test network)');
      expect(told?.text).toContain(
        "Coordinator has made a password reset for alice's Handover account at Northgate Advice Centre (Test network).",
      );
      expect(told?.text).toContain('The one-time code was emailed to them.');
      expect(told?.raw).not.toContain(code);
    }
    // On the desks: the adviser and both leads; nobody at another agency.
    const alice = await t.signIn('alice@northgate.test');
    expect(await notices(t, alice)).toMatchObject([
      { kind: 'reset-made', aboutMe: true, actorName: 'Coordinator', delivery: 'emailed' },
    ]);
    const nora = await t.signIn('nora@northgate.test');
    expect(await notices(t, nora)).toMatchObject([
      { kind: 'reset-made', aboutMe: false, subjectName: 'alice', delivery: 'emailed' },
    ]);
    expect(await notices(t, await t.signIn('fred@riverside.test'))).toEqual([]);
    expect(await notices(t, co)).toEqual([]);
    // The emailed code is the person's.
    expect(
      (await accept('alice@northgate.test', code, 'a fresh start by the sea')).statusCode,
    ).toBe(204);
  });

  it('without email, the coordinator’s request waits for the agency’s lead, who is given the code', async () => {
    const res = await reset(plain, coPlain, net.users.alice.id);
    expect(res.statusCode).toBe(201);
    expect(resetResponseSchema.parse(res.json())).toEqual({ emailed: false, leadsAsked: true });
    // No code was made at all.
    expect(await waitingCodes('alice@northgate.test')).toEqual([]);

    const nora = await plain.signIn('nora@northgate.test');
    const asked = await notices(plain, nora);
    expect(asked[0]).toMatchObject({
      kind: 'reset-asked',
      subjectUserId: net.users.alice.id,
      actorName: 'Coordinator',
      delivery: 'leads',
    });
    // The lead makes it and is given it, to pass on.
    const made = await reset(plain, nora, net.users.alice.id);
    expect(made.statusCode).toBe(201);
    const { code } = resetResponseSchema.parse(made.json());
    expect(code).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    expect(
      (await accept('alice@northgate.test', code ?? '', 'the second fresh start')).statusCode,
    ).toBe(204);
    // The adviser was told both times; the other lead too, that Nora made it.
    const alice = await plain.signIn('alice@northgate.test', 'the second fresh start');
    expect((await notices(plain, alice)).map((n) => [n.kind, n.actorName])).toEqual([
      ['reset-made', 'Nora Lead'],
      ['reset-asked', 'Coordinator'],
      ['reset-made', 'Coordinator'], // the emailed reset before
    ]);
    const ola = await plain.signIn('ola@northgate.test');
    expect((await notices(plain, ola))[0]).toMatchObject({
      kind: 'reset-made',
      actorName: 'Nora Lead',
      delivery: 'shown',
    });
    // Nora is not told of her own reset.
    expect((await notices(plain, nora)).filter((n) => n.actorName === 'Nora Lead')).toEqual([]);
  });

  it('an agency’s only lead is reset by a coordinator by email or not at all', async () => {
    const refused = await reset(plain, coPlain, fredId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ error: 'conflict', detail: 'reset-needs-email' });
    expect(await waitingCodes('fred@riverside.test')).toEqual([]);

    // The SMTP server refuses: the code made for the email is ended, and the answer says so.
    smtp.refuse(true);
    try {
      const failed = await reset(t, co, fredId);
      expect(failed.statusCode).toBe(409);
      expect(failed.json()).toEqual({ error: 'conflict', detail: 'reset-needs-email' });
      expect(await waitingCodes('fred@riverside.test')).toEqual([]);
    } finally {
      smtp.refuse(false);
    }

    smtp.inbox.length = 0;
    const res = await reset(t, co, fredId);
    expect(res.statusCode).toBe(201);
    expect(resetResponseSchema.parse(res.json())).toEqual({ emailed: true, leadsAsked: false });
    await nothingSignsIn(res.body, 'fred@riverside.test');
    const code = codeIn(smtp.inbox.find((m) => m.to.includes('fred@riverside.test'))?.text ?? '');
    expect((await accept('fred@riverside.test', code, 'lanterns on the river')).statusCode).toBe(
      204,
    );
  });

  it('a coordinator resets another coordinator and is given the code; a lead resets a fellow lead, not another agency’s', async () => {
    const res = await reset(plain, coPlain, co2Id);
    expect(res.statusCode).toBe(201);
    const { code } = resetResponseSchema.parse(res.json());
    expect(
      (await accept('co2@network.test', code ?? '', 'coordinating the network')).statusCode,
    ).toBe(204);

    const nora = await plain.signIn('nora@northgate.test');
    const fellow = await reset(plain, nora, olaId);
    expect(fellow.statusCode).toBe(201);
    expect(resetResponseSchema.parse(fellow.json()).code).toMatch(/^[A-Za-z0-9-]{23}$/);
    // Another agency's accounts do not exist for her; nor do coordinators'.
    expect((await reset(plain, nora, fredId)).statusCode).toBe(404);
    expect((await reset(plain, nora, co2Id)).statusCode).toBe(404);
    expect((await reset(plain, nora, noraId)).statusCode).toBe(404);
    // An adviser may not reset at all.
    const bob = await plain.signIn('bob@riverside.test');
    expect((await reset(plain, bob, fredId)).statusCode).toBe(403);
  });

  it('a notice is dismissed by its reader only', async () => {
    const ola = await plain.signIn('ola@northgate.test');
    const [first] = await notices(plain, ola);
    if (first === undefined) throw new Error('Ola has no notice');
    const dismiss = (token: string, id: string) =>
      plain.app.inject({
        method: 'POST',
        url: `${API}/me/notices/${id}/dismiss`,
        headers: plain.auth(token),
      });
    const nora = await plain.signIn('nora@northgate.test');
    expect((await dismiss(nora, first.id)).statusCode).toBe(404);
    expect((await dismiss(ola, 'not-an-id')).statusCode).toBe(404);
    expect((await dismiss(ola, first.id)).statusCode).toBe(204);
    expect((await notices(plain, ola)).map((n) => n.id)).not.toContain(first.id);
    expect((await dismiss(ola, first.id)).statusCode).toBe(404);
  });
});
