import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  testClock,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import { MAX_ATTACHMENT_BYTES } from '#src/referral/attachments.ts';
import { API, changesResponseSchema } from '#src/wire/api.ts';
import { attachmentDownloadSchema, type AttachmentUpload } from '#src/wire/attachments.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';

const PDF = Buffer.from('%PDF-1.4\n% a payslip\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');

/**
 * Documents attached to a referral (#3): the referrer attaches with consent;
 * the pair can fetch; a third agency, a coordinator and anyone signed out
 * cannot learn it exists; type and size are checked from the bytes.
 */
describe.each(BACKENDS)('referral documents on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  const clock = testClock();
  let t: ReturnType<typeof testApp>;
  let alice: string;
  let bob: string;
  let carol: string;
  let coordinator: string;
  let referralId: string;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db, { now: clock.now });
    [alice, bob, carol, coordinator] = await Promise.all([
      t.signIn('alice@northgate.test'),
      t.signIn('bob@riverside.test'),
      t.signIn('carol@eastfield.test'),
      t.signIn('co@network.test'),
    ]);
    const send = sendCommand(net.services.food);
    referralId = send.referralId;
    const res = await t.commands(alice, [send]);
    expect(commandResultsSchema.parse(res.json()).results[0]?.status).toBe('applied');
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const upload = (overrides: Partial<AttachmentUpload> = {}): AttachmentUpload => ({
    documentId: newId(),
    name: 'payslip.pdf',
    mediaType: 'application/pdf',
    contentBase64: PDF.toString('base64'),
    consent: { given: true, method: 'in-person' },
    ...overrides,
  });
  const post = (token: string, body: unknown, id = referralId) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/referrals/${id}/documents`,
      headers: t.auth(token),
      payload: body as Record<string, unknown>,
    });
  const fetchDoc = (token: string, documentId: string, id = referralId) =>
    t.get(token, `/referrals/${id}/documents/${documentId}`);

  it('stores what the referrer attaches; the receiver fetches the same bytes', async () => {
    const doc = upload();
    const bobFrom = changesResponseSchema.parse((await t.get(bob, '/changes')).json()).cursor;
    const res = await post(alice, doc);
    expect(res.statusCode).toBe(201);
    const got = await fetchDoc(bob, doc.documentId);
    expect(got.statusCode).toBe(200);
    expect(got.headers['cache-control']).toBe('no-store');
    const body = attachmentDownloadSchema.parse(got.json());
    expect(Buffer.from(body.contentBase64, 'base64').equals(PDF)).toBe(true);
    expect(body).toMatchObject({
      name: 'payslip.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
    });
    expect((await fetchDoc(alice, doc.documentId)).statusCode).toBe(200);
    // The receiver's desk learns of it through the change feed, without the bytes.
    const feed = changesResponseSchema.parse(
      (await t.get(bob, `/changes?after=${String(bobFrom)}`)).json(),
    );
    const change = feed.changes.find((c) => c.kind === 'referral' && c.referral.id === referralId);
    const event =
      change?.kind === 'referral'
        ? change.referral.events.find((e) => e.type === 'document-attached')
        : undefined;
    expect(event?.data).toEqual({
      documentId: doc.documentId,
      name: 'payslip.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
    });
    expect(JSON.stringify(feed)).not.toContain(doc.contentBase64);
    // A retry of the same upload is harmless.
    expect((await post(alice, doc)).statusCode).toBe(200);
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
      'select count(*)::int as n from referral_documents where id = $1',
      [doc.documentId],
    );
    expect(n).toBe(1);
  });

  it('hides documents from a third agency, a coordinator and anyone signed out', async () => {
    const doc = upload();
    expect((await post(alice, doc)).statusCode).toBe(201);
    for (const token of [carol, coordinator]) {
      expect((await fetchDoc(token, doc.documentId)).statusCode).toBe(404);
      expect((await post(token, upload())).statusCode).toBe(404);
    }
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `${API}/referrals/${referralId}/documents/${doc.documentId}`,
    });
    expect(anonymous.statusCode).toBe(401);
    // A document id under another referral is not found either.
    const other = sendCommand(net.services.tenancy);
    await t.commands(alice, [other]);
    expect((await fetchDoc(carol, doc.documentId, other.referralId)).statusCode).toBe(404);
    expect((await fetchDoc(alice, doc.documentId, other.referralId)).statusCode).toBe(404);
    // Carol attaching to her own referral under that document id learns nothing of it (#12).
    const carols = sendCommand(net.services.food);
    await t.commands(carol, [carols]);
    const probe = await post(carol, upload({ documentId: doc.documentId }), carols.referralId);
    expect(probe.statusCode).toBe(404);
    expect(probe.json()).toEqual({ error: 'not-found' });
  });

  it('refuses wrong kinds, too-large files, no consent, the receiver and a closed referral, changing nothing', async () => {
    const before = await rowCounts(db);
    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]).toString('base64');
    const tries: [string, unknown, number][] = [
      [alice, upload({ contentBase64: exe }), 400], // a program named payslip.pdf
      [alice, upload({ name: 'photo.png', mediaType: 'image/png' }), 400], // a PDF named .png
      [alice, upload({ mediaType: 'text/plain', name: 'payslip.txt' }), 400],
      [
        alice,
        upload({
          name: 'big.txt',
          mediaType: 'text/plain',
          contentBase64: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x41).toString('base64'),
        }),
        413,
      ],
      [alice, { ...upload(), consent: { given: false, method: 'in-person' } }, 400],
      [alice, { ...upload(), consent: undefined }, 400],
      [bob, upload(), 403],
    ];
    for (const [token, body, status] of tries) {
      expect((await post(token, body)).statusCode).toBe(status);
    }
    expect(await rowCounts(db)).toEqual(before);
    const [{ n } = { n: -1 }] = await db.query<{ n: number }>(
      'select count(*)::int as n from referral_documents where name in ($1, $2)',
      ['big.txt', 'photo.png'],
    );
    expect(n).toBe(0);

    const ended = sendCommand(net.services.food);
    await t.commands(alice, [ended]);
    await t.commands(alice, [act('referral.withdraw', ended.referralId, { text: 'Moved away.' })]);
    expect((await post(alice, upload(), ended.referralId)).statusCode).toBe(409);
  });
});
