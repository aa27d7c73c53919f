import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { createMailer, type Mailer } from '#server/email/mailer.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { startSmtp } from '#server/test-support/smtp.ts';
import { API } from '#src/wire/api.ts';
import { inviteResponseSchema, resetResponseSchema } from '#src/wire/accounts.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';

/** The test referral's client details: never in any email. */
const PERSONAL = ['Jane Testclient', '07700 900123', '1 Test Street', 'NR1 3AB', 'No food'];

describe.each(BACKENDS)('invitation emails through a real SMTP server on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let plain: ReturnType<typeof testApp>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let co: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    smtp = await startSmtp();
    mailer = createMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: null,
      password: null,
      from: 'Handover <handover@network.test>',
      appUrl: 'https://handover.network.test',
    });
    t = testApp(db, { now: clock.now, mailer });
    plain = testApp(db, { now: clock.now });
    co = await t.signIn('co@network.test');
    // A referral exists, so there is client data on the server an email could leak.
    const alice = await t.signIn('alice@northgate.test');
    const sent = await t.commands(alice, [sendCommand(net.services.food)]);
    expect(commandResultsSchema.parse(sent.json()).results[0]?.status).toBe('applied');
  });
  afterAll(async () => {
    await t.app.close();
    await plain.app.close();
    mailer.close();
    await smtp.close();
    await drop();
  });

  const post = (app: ReturnType<typeof testApp>, token: string, url: string, payload: object) =>
    app.app.inject({ method: 'POST', url: `${API}${url}`, headers: app.auth(token), payload });
  const accept = (email: string, code: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { email, code, password },
    });
  const codeIn = (text: string): string =>
    /^ {4}([A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5}){3})$/m.exec(text)?.[1] ?? '';

  it('emails a lead’s invitation with its code, which works; no client details', async () => {
    const res = await post(t, co, '/invitations', {
      email: 'Nia@Newtown.test',
      name: 'Nia Lead',
      role: 'lead',
      organisationName: 'Newtown Welfare Rights',
      nation: 'england-and-wales',
    });
    expect(res.statusCode).toBe(201);
    const made = inviteResponseSchema.parse(res.json());
    expect(made.emailed).toBe(true);
    expect(smtp.inbox).toHaveLength(1);
    const mail = smtp.inbox[0];
    expect(mail?.to).toEqual(['nia@newtown.test']);
    expect(mail?.from).toBe('handover@network.test');
    expect(mail?.subject).toBe('Your invitation to Handover (Test network)');
    expect(mail?.text).toContain(
      'Coordinator has invited you to Handover as the lead at Newtown Welfare Rights (Test network).',
    );
    expect(mail?.text).toContain('https://handover.network.test');
    // The code is in the email and nowhere in a link.
    expect(codeIn(mail?.text ?? '')).toBe(made.code);
    expect(mail?.text).not.toMatch(new RegExp(`https?://\\S*${made.code}`));
    for (const personal of PERSONAL) expect(mail?.raw).not.toContain(personal);
    expect(
      (await accept('nia@newtown.test', codeIn(mail?.text ?? ''), 'a quiet morning by the canal'))
        .statusCode,
    ).toBe(204);
    // The invitation's entry, then one saying the email went (and never the code).
    const entries = await db.query<{ action: string; detail: Record<string, unknown> }>(
      `select action, detail from audit_log where entity_id = $1 order by n`,
      [made.invitation.id],
    );
    expect(entries).toEqual([
      { action: 'invitation.create', detail: { role: 'lead' } },
      { action: 'invitation.email', detail: { sent: true } },
    ]);
    expect(JSON.stringify(entries)).not.toContain(made.code);
  });

  it('emails a password reset to the account’s own address; the code works', async () => {
    smtp.inbox.length = 0;
    const lead = await t.signIn('nia@newtown.test', 'a quiet morning by the canal');
    const staff = await post(t, lead, '/invitations', {
      email: 'ade@newtown.test',
      name: 'Ade Adviser',
      role: 'adviser',
    });
    expect(inviteResponseSchema.parse(staff.json()).emailed).toBe(true);
    const joinCode = codeIn(smtp.inbox[0]?.text ?? '');
    expect(smtp.inbox[0]?.text).toContain('as an adviser at Newtown Welfare Rights');
    expect(
      (await accept('ade@newtown.test', joinCode, 'seven green kettles singing')).statusCode,
    ).toBe(204);
    const [ade] = await db.query<{ id: string }>(
      `select id from users where email = 'ade@newtown.test'`,
    );
    const reset = await post(t, lead, `/users/${ade?.id ?? ''}/reset`, {});
    expect(reset.statusCode).toBe(201);
    expect(resetResponseSchema.parse(reset.json()).emailed).toBe(true);
    const mail = smtp.inbox[1];
    expect(mail?.to).toEqual(['ade@newtown.test']);
    expect(mail?.subject).toBe('Your Handover password reset (Test network)');
    expect(mail?.text).toContain('Nia Lead has made a password reset for your Handover account');
    expect(mail?.text).not.toContain('seven green kettles');
    expect(
      (await accept('ade@newtown.test', codeIn(mail?.text ?? ''), 'a brand new long passphrase'))
        .statusCode,
    ).toBe(204);
  });

  it('still makes the invitation when the SMTP server refuses, and says it was not emailed', async () => {
    smtp.refuse(true);
    try {
      const res = await post(t, co, '/invitations', {
        email: 'owen@oldtown.test',
        name: 'Owen Lead',
        role: 'lead',
        organisationName: 'Oldtown Advice',
        nation: 'scotland',
      });
      expect(res.statusCode).toBe(201);
      const made = inviteResponseSchema.parse(res.json());
      expect(made.emailed).toBe(false);
      expect(
        (await accept('owen@oldtown.test', made.code, 'lanterns over the old bridge')).statusCode,
      ).toBe(204);
    } finally {
      smtp.refuse(false);
    }
  });

  it('without email on the network, gives the code to pass on and sends nothing', async () => {
    const before = smtp.inbox.length;
    const coPlain = await plain.signIn('co@network.test');
    const res = await post(plain, coPlain, '/invitations', {
      email: 'pat@parkside.test',
      name: 'Pat Lead',
      role: 'lead',
      organisationName: 'Parkside Trust',
      nation: 'england-and-wales',
    });
    expect(res.statusCode).toBe(201);
    expect(inviteResponseSchema.parse(res.json()).emailed).toBe(false);
    expect(smtp.inbox.length).toBe(before);
  });
});
