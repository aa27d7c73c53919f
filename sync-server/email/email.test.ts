import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { setAgencyContact } from '#server/email/contacts.ts';
import { deliverEmails, sendDigests } from '#server/email/deliver.ts';
import { createMailer, type Mailer } from '#server/email/mailer.ts';
import { expireUnanswered } from '#server/jobs/expire.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { startSmtp } from '#server/test-support/smtp.ts';
import {
  act,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';

/** What must never be in an email: the test client's personal details and words. */
const PERSONAL = [
  'Jane Testclient',
  '07700 900123',
  '1980-02-03',
  '1 Test Street',
  'NR1 3AB',
  'No food in the house',
  'Cooker grant awarded',
  'Wrong borough',
];

describe.each(BACKENDS)('referral emails through a real SMTP server on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    const lead = await createUser(db, {
      email: 'lead@eastfield.test',
      name: 'Eastfield Lead',
      role: 'lead',
      organisationId: net.organisations.housing.id,
      password: PASSWORD,
    });
    if (!lead.ok) throw new Error(lead.reason);
    expect(
      await setAgencyContact(db, net.organisations.foodbank.id, 'Referrals@Riverside.test'),
    ).toEqual({ ok: true, value: 'referrals@riverside.test' });
    expect(
      await setAgencyContact(db, net.organisations.foodbank.id, 'not an address'),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    t = testApp(db, { now: clock.now });
    [alice, bob] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
    ]);
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
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.app.close();
    await drop();
  });

  const run = async (token: string, ...cmds: Command[]) => {
    const res = await t.commands(token, cmds);
    expect(commandResultsSchema.parse(res.json()).results.map((r) => r.status)).toEqual(
      cmds.map(() => 'applied'),
    );
  };
  const expectNothingPersonal = () => {
    for (const mail of smtp.inbox) {
      for (const secret of PERSONAL) expect(mail.text).not.toContain(secret);
    }
  };

  it('tells the agency’s contact of a new referral and the referrer of outcomes, once each', async () => {
    clock.set('2026-11-20T10:00:00.000Z');
    const declined = sendCommand(net.services.food);
    const completed = sendCommand(net.services.food, { urgent: true, urgentReason: 'Eviction' });
    const toHousing = sendCommand(net.services.tenancy);
    await run(alice, declined, completed, toHousing);

    expect(await deliverEmails(db, mailer)).toBe(3);
    expect(smtp.inbox.map((m) => [m.to, m.subject])).toEqual([
      [
        ['referrals@riverside.test'],
        'New referral for Emergency food parcels from Northgate Advice Centre',
      ],
      [
        ['referrals@riverside.test'],
        'Urgent referral for Emergency food parcels from Northgate Advice Centre',
      ],
      // No designated contact: the agency's lead.
      [['lead@eastfield.test'], 'New referral for Tenancy support from Northgate Advice Centre'],
    ]);
    expect(smtp.inbox[0]?.text).toContain('Please acknowledge it by Wednesday 25 November 2026.');
    expect(smtp.inbox[0]?.text).toContain('https://handover.network.test');
    expect(smtp.inbox[0]?.from).toBe('handover@network.test');
    // Sent once: a second run finds nothing to send.
    expect(await deliverEmails(db, mailer)).toBe(0);

    await run(
      bob,
      act('referral.decline', declined.referralId, {
        reason: 'not-eligible',
        text: 'Wrong borough',
      }),
      act('referral.acknowledge', completed.referralId, {}),
      act('referral.accept', completed.referralId, {}),
      act('referral.record-contact', completed.referralId, {}),
      act('referral.close', completed.referralId, { outcome: 'Cooker grant awarded' }),
    );
    expect(await deliverEmails(db, mailer)).toBe(2);
    expect(smtp.inbox.slice(3).map((m) => [m.to, m.subject])).toEqual([
      [['alice@northgate.test'], 'Referral to Riverside Foodbank: declined'],
      [['alice@northgate.test'], 'Referral to Riverside Foodbank: completed'],
    ]);
    expect(smtp.inbox[3]?.text).toContain('you can send them on to another service');
    expectNothingPersonal();
  });

  it('retries when the SMTP server refuses, and tells the referrer of "no response"', async () => {
    const before = smtp.inbox.length;
    // The housing referral from the first test goes unanswered past the limit.
    const closed = await expireUnanswered(db, new Date('2026-12-03T09:00:00.000Z'));
    expect(closed).toHaveLength(1);
    smtp.refuse(true);
    expect(await deliverEmails(db, mailer)).toBe(0);
    smtp.refuse(false);
    expect(await deliverEmails(db, mailer)).toBe(1);
    const mail = smtp.inbox.at(-1);
    expect(smtp.inbox.length).toBe(before + 1);
    expect(mail?.subject).toBe('Referral to Eastfield Housing Trust: no response');
    expect(mail?.text).toContain('did not answer in time');
    expectNothingPersonal();
  });

  it('sends each agency one daily digest of what is due, with counts only', async () => {
    clock.set('2026-12-07T09:00:00.000Z'); // Monday: acknowledge by Thursday 10 Dec
    // Seventeen days on, past even the test network's idle lifetime (#12): sign in again.
    [alice, bob] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
    ]);
    const dueTomorrow = sendCommand(net.services.food);
    await run(alice, dueTomorrow);
    await deliverEmails(db, mailer);
    const before = smtp.inbox.length;
    // Too early in the day: nothing yet.
    expect(await sendDigests(db, mailer, new Date('2026-12-10T06:30:00.000Z'))).toBe(0);
    const morning = new Date('2026-12-10T07:30:00.000Z');
    const twice = await Promise.all([
      sendDigests(db, mailer, morning),
      sendDigests(db, mailer, morning),
    ]);
    expect(twice.reduce((a, b) => a + b, 0)).toBe(1);
    const digest = smtp.inbox.at(-1);
    expect(smtp.inbox.length).toBe(before + 1);
    expect(digest?.to).toEqual(['referrals@riverside.test']);
    expect(digest?.subject).toBe(
      'Handover: referrals due for Riverside Foodbank, Thursday 10 December 2026',
    );
    expect(digest?.text).toContain('- to acknowledge today: 1');
    expect(await sendDigests(db, mailer, new Date('2026-12-10T15:00:00.000Z'))).toBe(0);
    expectNothingPersonal();
  });

  it('names a category the network added in words, as it names the standard ones', async () => {
    await db.query(`update network set settings = settings || $1::jsonb`, [
      JSON.stringify({ issueCategories: [{ code: 'x-cost-of-living', label: 'Cost of living' }] }),
    ]);
    const before = smtp.inbox.length;
    await run(
      alice,
      sendCommand(net.services.food, { issues: ['food-support', 'x-cost-of-living'] }),
    );
    expect(await deliverEmails(db, mailer)).toBe(1);
    const text = smtp.inbox[before]?.text ?? '';
    expect(text).toContain('About: Food support, Cost of living.');
    expect(text).not.toContain('x-cost-of-living');
    expectNothingPersonal();
  });
});
