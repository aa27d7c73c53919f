import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppFile } from '#main/electron/app-protocol.ts';

const root = mkdtempSync(join(tmpdir(), 'handover-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Handover</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, '..', 'secret.txt'), 'not for the renderer');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'secret.txt'), { force: true });
});

const CSP = "default-src 'self'";

describe('the handover://app protocol', () => {
  it('serves the renderer’s files with the CSP and a content type', async () => {
    const res = await serveAppFile(
      root,
      { url: 'handover://app/assets/app.js', method: 'GET' },
      CSP,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves index.html for the root and for in-app routes', async () => {
    for (const url of ['handover://app/', 'handover://app', 'handover://app/referrals/incoming']) {
      const res = await serveAppFile(root, { url, method: 'GET' }, CSP);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('never serves outside the renderer folder or another host', async () => {
    for (const url of [
      'handover://app/../secret.txt',
      'handover://app/%2e%2e/secret.txt',
      'handover://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'handover://app/..%5csecret.txt',
      'handover://app/%00.js',
      'handover://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(join(root, '/'))).toBe(true);
      const res = await serveAppFile(root, { url, method: 'GET' }, CSP);
      expect(res.status, url).toBe(404);
    }
  });

  it('answers 404 for missing files and 405 for writes', async () => {
    const missing = await serveAppFile(root, { url: 'handover://app/nope.js', method: 'GET' }, CSP);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    const post = await serveAppFile(
      root,
      { url: 'handover://app/index.html', method: 'POST' },
      CSP,
    );
    expect(post.status).toBe(405);
  });
});
