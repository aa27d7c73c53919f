import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { tlsFromEnv } from '#server/http/tls-env.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { seedTestNetwork, testApp } from '#server/test-support/network.ts';
import { startServer } from '#server/start.ts';
import { API } from '#src/wire/api.ts';

const backend = BACKENDS[0];
if (!backend) throw new Error('no test backend');

describe('security headers and TLS', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let t: ReturnType<typeof testApp>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    await seedTestNetwork(db);
    t = testApp(db);
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  it('sends security headers on every kind of answer', async () => {
    const token = await t.signIn('alice@northgate.test');
    const answers = [
      await t.app.inject({ method: 'GET', url: '/health' }),
      await t.get(token, '/me'),
      await t.app.inject({ method: 'GET', url: `${API}/me` }), // 401
      await t.app.inject({ method: 'GET', url: '/nowhere' }), // 404
      await t.app.inject({
        method: 'POST',
        url: `${API}/auth/sign-in`,
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      }), // 400
    ];
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'none'") as string,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      // Plain HTTP here: HSTS would be meaningless.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('serves HTTPS with a given certificate and key, with HSTS', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'handover-tls-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), pems.cert);
      writeFileSync(join(dir, 'key.pem'), pems.private);
      const env = { TLS_CERT_FILE: join(dir, 'cert.pem'), TLS_KEY_FILE: join(dir, 'key.pem') };
      const tls = tlsFromEnv(env);
      if (!tls.ok || !tls.tls) throw new Error('TLS from env failed');
      expect(tlsFromEnv({ TLS_CERT_FILE: env.TLS_CERT_FILE })).toMatchObject({ ok: false });
      expect(tlsFromEnv({ TLS_CERT_FILE: '/nope', TLS_KEY_FILE: '/nope' })).toMatchObject({
        ok: false,
      });

      const server = await startServer({ port: 0, db, tls: tls.tls });
      try {
        expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const res = await new Promise<{ status: number; headers: Record<string, unknown> }>(
          (resolve, reject) => {
            https
              .get(`${server.url}/health`, { ca: pems.cert }, (r) => {
                r.resume();
                resolve({ status: r.statusCode ?? 0, headers: r.headers });
              })
              .on('error', reject);
          },
        );
        expect(res.status).toBe(200);
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
        // A client that does not trust the certificate is refused by TLS itself.
        await expect(
          new Promise((resolve, reject) => {
            https.get(`${server.url}/health`, resolve).on('error', reject);
          }),
        ).rejects.toThrow(/self-signed|certificate/i);
        // Plain HTTP to the TLS port gets no answer from the API.
        const plain = await fetch(server.url.replace('https:', 'http:') + '/health').catch(
          () => null,
        );
        expect(plain === null || plain.status === 400).toBe(true);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
