import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { startWebHost } from '#main/web/host.ts';
import type { WebHost } from '#main/web/host.ts';

/** Web mode's guard: the per-launch secret, this machine only, and hostile input. */
let dir = '';
let desk: Desk;
let host: WebHost;
let token = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handover-host-'));
  const rendererDir = join(dir, 'renderer');
  const dataDir = join(dir, 'desk');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Handover</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  desk = await createDesk({
    dataDir,
    defaultServerUrl: 'http://127.0.0.1:9',
    deviceName: 'test',
    keychain: 'off',
  });
  host = await startWebHost({ desk, rendererDir });
  token = new URL(host.url).hash.replace('#token=', '');
});

afterAll(async () => {
  await host.close();
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

type Reply = { status: number; body: string; headers: Record<string, unknown> };

/** A raw HTTP request, so tests can send what a browser never would (bad Host, raw paths). */
const send = (
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const url = new URL(host.origin);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: url.host, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });

const rpc = (channel: string, body: string, headers: Record<string, string> = {}) =>
  send(`/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-handover-token': token, ...headers },
    body,
  });

describe('web-mode host', () => {
  it('listens on 127.0.0.1 only and serves the renderer with a strict CSP', async () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Handover</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers a contract call that carries the secret', async () => {
    const reply = await rpc('session.status', '{}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({
      response: { state: 'signed-out', serverUrl: 'http://127.0.0.1:9', email: null },
    });
  });

  it('refuses calls without the secret, or with a wrong one', async () => {
    expect((await rpc('session.status', '{}', { 'x-handover-token': '' })).status).toBe(401);
    expect((await rpc('session.status', '{}', { 'x-handover-token': 'x'.repeat(43) })).status).toBe(
      401,
    );
    expect((await send(`/events?token=wrong`)).status).toBe(401);
  });

  it('refuses other hosts and other sites (DNS rebinding, cross-site requests)', async () => {
    expect((await rpc('session.status', '{}', { host: 'evil.example' })).status).toBe(421);
    expect((await rpc('session.status', '{}', { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers bad input with a clear 4xx and a reason', async () => {
    const notJson = await rpc('clients.create', '{not json');
    expect(notJson.status).toBe(400);
    const invalid = await rpc('clients.create', JSON.stringify({ name: '' }));
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ error: 'bad-request' });
    expect((await rpc('no.such.channel', '{}')).status).toBe(404);
    expect((await rpc('session.status', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);
  });

  // Issue #12: a malformed percent-encoding made decodeURIComponent throw: 500.
  it('answers a malformed or NUL percent-encoding in a path with 404, and keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz.js', '/%00', '/index.html%00.png']) {
      const res = await send(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect((await send('/')).status).toBe(200);
  });

  it('refuses text with NUL over web mode with the reason invalid-text', async () => {
    const res = await send('/rpc/clients.search', {
      method: 'POST',
      headers: { 'x-handover-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'smith\u0000' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid-text' });
  });

  it('serves nothing outside the renderer folder', async () => {
    const escaped = await send('/../secret.txt');
    expect(escaped.body).not.toContain('outside the renderer');
    const encoded = await send('/%2e%2e/secret.txt');
    expect(encoded.body).not.toContain('outside the renderer');
  });
});
