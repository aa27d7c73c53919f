import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CHUNK_BYTES, MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { SMALL_BODY_BYTES, startWebHost } from '#main/web/host.ts';
import type { WebHost } from '#main/web/host.ts';
import { buildPdf } from '#test/pdf-fixture.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * Web mode's request size limits (#5, #12): every call is kept small (1 MB),
 * and a 20 MB case document arrives in pieces that each fit. Over HTTP, on a
 * real desk signed in at a real test server.
 */
let net: TestNetwork;
let dir = '';
let desk: Desk;
let host: WebHost;
let token = '';
let caseId = '';

type Reply = { status: number; body: string };

const rpc = (channel: string, body: string | Buffer): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const url = new URL(host.origin);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `/rpc/${channel}`,
        method: 'POST',
        headers: {
          host: url.host,
          'content-type': 'application/json',
          'x-handover-token': token,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // The host may answer 413 and stop reading before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(body);
  });

const response = (reply: Reply): unknown =>
  (JSON.parse(reply.body) as { response: unknown }).response;

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'handover-host-limits-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Handover</title>');
  desk = await createDesk(
    {
      dataDir: join(dir, 'desk'),
      defaultServerUrl: net.server.url,
      deviceName: 'test',
      keychain: 'off',
    },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  host = await startWebHost({ desk, rendererDir });
  token = new URL(host.url).hash.replace('#token=', '');
  const h = desk.handlers;
  await h['session.signIn']({
    serverUrl: net.server.url,
    email: 'alice@northgate.test',
    password: PASSWORD,
  });
  await h['session.unlock']({ passphrase: 'a long enough passphrase' });
  const client = await h['clients.save']({
    id: null,
    details: {
      name: 'Kwame Boateng',
      otherNames: '',
      dateOfBirth: '1968-05-09',
      phone: '',
      email: '',
      address: '',
      postcode: 'NR2 1AA',
      preferredContact: 'phone',
      contactNotes: '',
      household: '',
      language: '',
      interpreterNeeded: false,
      accessibilityNeeds: '',
      vulnerabilities: [],
    },
  });
  if (!client.ok) throw new Error(client.reason);
  const opened = await h['cases.open']({
    clientId: client.value.id,
    issues: ['debt'],
    summary: 'Bank statements',
    openedOn: '2026-11-20',
  });
  if (!opened.ok) throw new Error(opened.reason);
  caseId = opened.value.id;
});

afterAll(async () => {
  // Signed out first: see main/casework/handlers.test.ts.
  await desk.handlers['session.signOut']({});
  await host.close();
  await desk.close();
  await net.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A document over HTTP as the page sends it: begin, pieces, commit. */
const upload = async (name: string, bytes: Buffer, size = bytes.length): Promise<unknown> => {
  const begun = await rpc(
    'cases.beginDocument',
    JSON.stringify({ caseId, name, mediaType: 'application/pdf', size }),
  );
  expect(begun.status).toBe(200);
  const started = response(begun) as { ok: boolean; value: { uploadId: string } };
  if (!started.ok) return started;
  const { uploadId } = started.value;
  for (let offset = 0; offset < bytes.length; offset += DOCUMENT_CHUNK_BYTES) {
    const body = JSON.stringify({
      uploadId,
      offset,
      contentBase64: bytes.subarray(offset, offset + DOCUMENT_CHUNK_BYTES).toString('base64'),
    });
    // Every piece fits the one limit every call has.
    expect(Buffer.byteLength(body)).toBeLessThan(SMALL_BODY_BYTES);
    const sent = await rpc('cases.documentChunk', body);
    expect(sent.status).toBe(200);
    const received = response(sent) as { ok: boolean };
    if (!received.ok) return received;
  }
  const committed = await rpc('cases.commitDocument', JSON.stringify({ uploadId }));
  expect(committed.status).toBe(200);
  return response(committed);
};

describe('web host body limits', () => {
  it('refuses a body over 1 MB on every channel, saying why', async () => {
    expect(SMALL_BODY_BYTES).toBe(1024 * 1024);
    const note = JSON.stringify({ caseId, text: 'x'.repeat(SMALL_BODY_BYTES) });
    const reply = await rpc('cases.addNote', note);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({
      error: 'too-large',
      detail: 'The request is larger than this call accepts (1 MB).',
    });
    const found = await desk.handlers['cases.get']({ id: caseId });
    expect(found.ok && found.value.notes).toEqual([]);
    const piece = await rpc('cases.documentChunk', Buffer.alloc(SMALL_BODY_BYTES + 1, 0x20));
    expect(piece.status).toBe(413);
  });

  it('keeps a 6 MB document sent in pieces and gives it back byte for byte', async () => {
    const scan = buildPdf([['Statements']], { padding: randomBytes(6 * 1024 * 1024) });
    const added = (await upload('statements.pdf', scan)) as {
      ok: boolean;
      value: { id: string; size: number };
    };
    expect(added).toMatchObject({ ok: true, value: { size: scan.length } });
    const back = await rpc('cases.getDocument', JSON.stringify({ id: added.value.id }));
    expect(back.status).toBe(200);
    const got = response(back) as { ok: boolean; value: { contentBase64: string } };
    expect(Buffer.from(got.value.contentBase64, 'base64').equals(scan)).toBe(true);
  });

  it('refuses a file over 20 MB before any byte, and bytes past the size declared as they arrive', async () => {
    const justOver = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX_DOCUMENT_BYTES - 4)]);
    expect(await upload('too-big.pdf', justOver)).toEqual({
      ok: false,
      reason: 'document-too-large',
    });
    // Declared small, sent large: refused at the piece that goes past it.
    expect(await upload('liar.pdf', justOver, DOCUMENT_CHUNK_BYTES)).toEqual({
      ok: false,
      reason: 'document-too-large',
    });
  });
});
