import { describe, expect, it } from 'vitest';
import { BACKENDS } from '#server/test-support/backends.ts';
import { act, sendCommand, testClock } from '#server/test-support/network.ts';
import { serverSuite } from '#server/test-support/suite.ts';
import { newId } from '#src/ids.ts';
import { ERASED_TEXT } from '#src/referral/scrub.ts';
import { API, changesResponseSchema } from '#src/wire/api.ts';
import { commandResultsSchema, type Command } from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';

const PDF = Buffer.from('%PDF-1.4\n% Jane Testclient payslip\n%%EOF\n');

/**
 * Erasure on the network (#5): when a client asks either agency to erase
 * them, the shared referral record loses every detail about them — on the
 * server's own tables, searched as text — and the other agency is told.
 */
describe.each(BACKENDS)('erasing a client from a referral on $name', (backend) => {
  const clock = testClock();
  const s = serverSuite(backend, {
    signedIn: [
      'alice@northgate.test',
      'bob@riverside.test',
      'carol@eastfield.test',
      'co@network.test',
    ],
    app: { now: clock.now },
  });
  const alice = 'alice@northgate.test';
  const bob = 'bob@riverside.test';
  const carol = 'carol@eastfield.test';
  const coordinator = 'co@network.test';

  const run = async (email: string, command: Command) =>
    commandResultsSchema.parse((await s.t.commands(s.token(email), [command])).json()).results[0];

  /** Everything the server's referral tables hold about one referral, as text. */
  const heldAbout = async (referralId: string): Promise<string> => {
    const rows = await s.db.query<{ held: string }>(
      `select coalesce((select row_to_json(r)::text from referrals r where id = $1), '')
           || coalesce((select payload::text from referral_payloads where referral_id = $1), '')
           || coalesce((select string_agg(data::text, ' ') from referral_events where referral_id = $1), '')
           || coalesce((select string_agg(name || encode(decode(content_base64, 'base64'), 'escape'), ' ')
                          from referral_documents where referral_id = $1), '') as held`,
      [referralId],
    );
    return rows[0]?.held ?? '';
  };

  /** A referral full of Jane's details: needs, an urgency reason, a note, a document, a decline. */
  const fullReferral = async (): Promise<string> => {
    const send = sendCommand(s.net.services.food, {
      urgent: true,
      urgentReason: 'Jane Testclient has no food for her children',
      consent: {
        givenBy: 'representative',
        representativeName: 'Mary Testclient',
        method: 'phone',
        at: '2026-11-20T09:55:00.000Z',
        recordedBy: 'Alice Adviser',
        shared: ['name', 'phone', 'postcode'],
      },
    });
    expect(await run(alice, send)).toMatchObject({ status: 'applied' });
    const upload = await s.t.app.inject({
      method: 'POST',
      url: `${API}/referrals/${send.referralId}/documents`,
      headers: s.t.auth(s.token(alice)),
      payload: {
        documentId: newId(),
        name: 'Jane Testclient payslip.pdf',
        mediaType: 'application/pdf',
        contentBase64: PDF.toString('base64'),
        consent: { given: true, method: 'in-person' },
      },
    });
    expect(upload.statusCode).toBe(201);
    expect(
      await run(
        bob,
        act('referral.note', send.referralId, {
          noteId: newId(),
          text: 'Jane Testclient called back from 07700 900123',
        }),
      ),
    ).toMatchObject({ status: 'applied' });
    expect(
      await run(
        bob,
        act('referral.decline', send.referralId, {
          reason: 'other',
          text: 'Jane Testclient lives outside our area',
        }),
      ),
    ).toMatchObject({ status: 'applied' });
    expect(await heldAbout(send.referralId)).toContain('Testclient');
    return send.referralId;
  };

  it('erases everything about the client from the record and tells the other agency', async () => {
    const referralId = await fullReferral();
    const bobFrom = changesResponseSchema.parse(
      (await s.t.get(s.token(bob), '/changes')).json(),
    ).cursor;

    expect(await run(alice, act('referral.erase', referralId, {}))).toMatchObject({
      status: 'applied',
    });

    const held = await heldAbout(referralId);
    for (const trace of ['Testclient', '07700', 'NR1 3AB', '1 Test Street', 'payday', 'payslip']) {
      expect(held).not.toContain(trace);
    }
    expect(held).toContain(ERASED_TEXT);
    const [{ n } = { n: -1 }] = await s.db.query<{ n: number }>(
      'select count(*)::int as n from referral_documents where referral_id = $1',
      [referralId],
    );
    expect(n).toBe(0);

    // Bob's desk hears of it, with the scrubbed record and who erased it.
    const feed = changesResponseSchema.parse(
      (await s.t.get(s.token(bob), `/changes?after=${String(bobFrom)}`)).json(),
    );
    const change = feed.changes.find((c) => c.kind === 'referral' && c.referral.id === referralId);
    if (change?.kind !== 'referral') throw new Error('no change for Bob');
    expect(JSON.stringify(change)).not.toContain('Testclient');
    expect(change.referral.events.at(-1)).toMatchObject({
      type: 'erased',
      actor: { organisationName: expect.any(String) as string },
    });
    // What stays is what reports use: status, service, issues, times, coded reasons.
    expect(change.referral).toMatchObject({
      status: 'declined',
      issues: ['food-support'],
      urgent: true,
    });
    expect(change.referral.events.find((e) => e.type === 'declined')?.data).toEqual({
      reason: 'other',
      text: ERASED_TEXT,
    });
    const fetched = referralSchema.parse(
      (await s.t.get(s.token(bob), `/referrals/${referralId}`)).json(),
    );
    expect(fetched.payload.client.name).toBe(ERASED_TEXT);
    expect(fetched.consent.representativeName).toBe(ERASED_TEXT);
  });

  it('lets the receiving agency erase too, and asking twice changes nothing more', async () => {
    const referralId = await fullReferral();
    expect(await run(bob, act('referral.erase', referralId, {}))).toMatchObject({
      status: 'applied',
    });
    const after = await heldAbout(referralId);
    expect(after).not.toContain('Testclient');
    expect(await run(alice, act('referral.erase', referralId, {}))).toMatchObject({
      status: 'applied',
    });
    expect(await heldAbout(referralId)).toBe(after);
    const [{ n } = { n: -1 }] = await s.db.query<{ n: number }>(
      `select count(*)::int as n from referral_events where referral_id = $1 and type = 'erased'`,
      [referralId],
    );
    expect(n).toBe(1);
  });

  it('refuses a third agency and the coordinator, changing nothing', async () => {
    const referralId = await fullReferral();
    const before = await heldAbout(referralId);
    expect(await run(carol, act('referral.erase', referralId, {}))).toMatchObject({
      status: 'rejected',
      reason: 'not-found',
    });
    expect(await run(coordinator, act('referral.erase', referralId, {}))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden',
    });
    expect(await run(alice, act('referral.erase', newId(), {}))).toMatchObject({
      status: 'rejected',
      reason: 'not-found',
    });
    expect(await heldAbout(referralId)).toBe(before);
  });
});
