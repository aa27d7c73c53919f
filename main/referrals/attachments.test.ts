import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import type { DeskReferral, Handlers } from '#src/contract.ts';
import { MAX_ATTACHMENT_BYTES } from '#src/referral/attachments.ts';
import { PASSWORD, startTestNetwork, type TestNetwork } from '#test/network.ts';
import { startProxy, type CuttableProxy } from '#test/tcp-proxy.ts';

/**
 * Documents on a referral between two real desks and a real server (#3): the
 * largest allowed file travels whole; wrong kinds, the wrong side and an
 * offline desk are refused with a reason, and nothing is half-sent.
 */
let net: TestNetwork;
let proxy: CuttableProxy;
const dirs: string[] = [];
const desks: Desk[] = [];
let alice: Handlers;
let bob: Handlers;

const openDesk = async (serverUrl: string, email: string): Promise<Handlers> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-attach-'));
  dirs.push(dir);
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: serverUrl, deviceName: 'test', keychain: 'off' },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  const h = desk.handlers;
  await h['session.signIn']({ serverUrl, email, password: PASSWORD });
  const unlocked = await h['session.unlock']({ passphrase: 'a long enough passphrase' });
  expect(unlocked).toMatchObject({ ok: true, value: { state: 'ready' } });
  return h;
};

const waitFor = async <T>(probe: () => Promise<T | null | undefined>, ms = 8_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const seen = (h: Handlers, id: string, test: (r: DeskReferral) => boolean) =>
  waitFor(async () => {
    const found = await h['referrals.get']({ id });
    return found.ok && test(found.value) ? found.value : null;
  });

const documents = (d: DeskReferral) =>
  d.referral.events.filter((e) => e.type === 'document-attached');

const consent = { given: true as const, method: 'in-person' as const };

beforeAll(async () => {
  net = await startTestNetwork();
  proxy = await startProxy(net.server.port);
  alice = await openDesk(proxy.url, 'alice@northgate.test');
  bob = await openDesk(net.server.url, 'bob@riverside.test');
});

afterAll(async () => {
  for (const desk of desks) await desk.close();
  await proxy.close();
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const refer = async (): Promise<string> => {
  const client = await alice['clients.create']({
    name: 'Wyn Documents',
    dateOfBirth: null,
    phone: '01603 000000',
    email: '',
    address: null,
    postcode: 'NR1 3AB',
    preferredContact: 'phone',
  });
  if (!client.ok) throw new Error(client.reason);
  const [service] = await waitFor(async () => {
    const found = await alice['directory.search']({ text: 'food', issue: null });
    return found.length > 0 ? found : null;
  });
  const sent = await alice['referrals.send']({
    clientId: client.value.id,
    serviceId: service?.id ?? '',
    issues: ['food-support'],
    needs: 'Food this week.',
    urgent: false,
    consent: { ...consent, givenBy: 'client', representativeName: null, shared: ['name'] },
  });
  if (!sent.ok) throw new Error(sent.reason);
  await seen(bob, sent.value.referralId, (r) => r.referral.status === 'sent');
  return sent.value.referralId;
};

describe('documents on a referral, desk to desk', () => {
  it('carries the largest allowed file whole to the receiver', async () => {
    const id = await refer();
    const bytes = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20);
    bytes.write('%PDF-1.7\n', 0, 'latin1');
    const attached = await alice['referrals.attach']({
      referralId: id,
      name: 'bank statement.pdf',
      contentBase64: bytes.toString('base64'),
      consent,
    });
    if (!attached.ok) throw new Error(attached.reason);
    const onBob = await seen(bob, id, (r) => documents(r).length === 1);
    expect(documents(onBob)[0]?.data).toMatchObject({
      documentId: attached.value.documentId,
      name: 'bank statement.pdf',
      mediaType: 'application/pdf',
      size: MAX_ATTACHMENT_BYTES,
    });
    const opened = await bob['referrals.openDocument']({
      referralId: id,
      documentId: attached.value.documentId,
    });
    if (!opened.ok) throw new Error(opened.reason);
    expect(Buffer.from(opened.value.contentBase64, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses a file too large or of the wrong kind, the receiver, and an offline desk', async () => {
    const id = await refer();
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
    const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x41).toString('base64');
    expect(
      await alice['referrals.attach']({
        referralId: id,
        name: 'a.txt',
        contentBase64: tooBig,
        consent,
      }),
    ).toEqual({ ok: false, reason: 'document-too-large' });
    expect(
      await alice['referrals.attach']({
        referralId: id,
        name: 'setup.pdf',
        contentBase64: Buffer.from('MZ\x90\x00').toString('base64'),
        consent,
      }),
    ).toEqual({ ok: false, reason: 'attachment-wrong-type' });
    expect(
      await bob['referrals.attach']({ referralId: id, name: 'a.pdf', contentBase64: pdf, consent }),
    ).toEqual({ ok: false, reason: 'wrong-side' });
    proxy.cut();
    try {
      expect(
        await alice['referrals.attach']({
          referralId: id,
          name: 'a.pdf',
          contentBase64: pdf,
          consent,
        }),
      ).toEqual({ ok: false, reason: 'attachment-needs-network' });
    } finally {
      proxy.restore();
    }
    // None of it reached the referral.
    const after = await bob['referrals.get']({ id });
    expect(after.ok && documents(after.value)).toEqual([]);
  });
});
