import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { rendererBuildDir } from '#main/web/build-dir.ts';
import { DEFAULT_WEB_PORT, startWebMode, webPort, webSecret } from '#main/web/launch.ts';
import type { UserConfig, UserConfigFnObject } from 'vite';

/**
 * `npm start` and `npm run web` (#12): web mode at the same address on every
 * launch (a fixed port, this install's secret), a clear sentence when the port
 * is taken, and the screens built outside the checkout, where the browser
 * tests and the host look for them.
 */
const CHECKOUT = resolve(import.meta.dirname, '..', '..');
let dir = '';
let deskDir = '';
let desk: Desk;

/** A port nothing listens on now (the system picks it, then it is let go). */
const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handover-launch-'));
  deskDir = join(dir, 'desk');
  desk = await createDesk({
    dataDir: deskDir,
    defaultServerUrl: 'http://127.0.0.1:9',
    deviceName: 'test',
    keychain: 'off',
  });
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Handover</title>');
});

afterAll(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the port', () => {
  it('is fixed by default and configurable by HANDOVER_WEB_PORT', () => {
    expect(webPort({})).toEqual({ ok: true, port: DEFAULT_WEB_PORT });
    expect(webPort({ HANDOVER_WEB_PORT: '' })).toEqual({ ok: true, port: DEFAULT_WEB_PORT });
    expect(webPort({ HANDOVER_WEB_PORT: '9123' })).toEqual({ ok: true, port: 9123 });
    for (const bad of ['0', '70000', 'abc', '80.5', '-1']) {
      const choice = webPort({ HANDOVER_WEB_PORT: bad });
      expect(choice.ok).toBe(false);
      if (!choice.ok) expect(choice.message).toContain('HANDOVER_WEB_PORT');
    }
  });

  it('when taken, web mode says so in words and what to do', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((done) => squatter.listen(0, '127.0.0.1', done));
    const { port } = squatter.address() as AddressInfo;
    try {
      const web = await startWebMode({
        desk,
        deskDir,
        checkout: CHECKOUT,
        env: { HANDOVER_WEB_PORT: String(port), HANDOVER_RENDERER_DIR: join(dir, 'renderer') },
      });
      expect(web.ok).toBe(false);
      if (!web.ok) {
        expect(web.message).toContain(`port ${String(port)}`);
        expect(web.message).toContain('HANDOVER_WEB_PORT');
      }
    } finally {
      await new Promise<void>((done) => squatter.close(() => done()));
    }
  });
});

describe('the address', () => {
  it('is the same on the next launch, on the chosen port, and its secret opens the desk', async () => {
    const port = await freePort();
    const env = { HANDOVER_WEB_PORT: String(port), HANDOVER_RENDERER_DIR: join(dir, 'renderer') };
    const first = await startWebMode({ desk, deskDir, checkout: CHECKOUT, env });
    if (!first.ok) throw new Error(first.message);
    const url = first.host.url;
    await first.host.close();
    const again = await startWebMode({ desk, deskDir, checkout: CHECKOUT, env });
    if (!again.ok) throw new Error(again.message);
    try {
      expect(again.host.url).toBe(url);
      expect(again.host.origin).toBe(`http://127.0.0.1:${String(port)}`);
      const token = new URL(url).hash.replace('#token=', '');
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const call = (presented: string) =>
        fetch(`${again.host.origin}/rpc/session.status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-handover-token': presented },
          body: '{}',
        });
      expect((await call(token)).status).toBe(200);
      expect((await call('x'.repeat(43))).status).toBe(401);
    } finally {
      await again.host.close();
    }
  });

  it('keeps its secret in the desk folder, readable by this user only, and makes a new one when it is gone', () => {
    const other = join(dir, 'other-desk');
    const secret = webSecret(other);
    expect(webSecret(other)).toBe(secret);
    if (process.platform !== 'win32') {
      expect(statSync(join(other, 'web-secret')).mode & 0o777).toBe(0o600);
    }
    rmSync(join(other, 'web-secret'));
    expect(webSecret(other)).not.toBe(secret);
    // Another install has another secret.
    expect(webSecret(join(dir, 'third-desk'))).not.toBe(webSecret(other));
  });
});

describe('the screens', () => {
  it('are built outside the checkout, one folder per checkout, unless HANDOVER_RENDERER_DIR says where', () => {
    const built = rendererBuildDir(CHECKOUT, {});
    expect(relative(CHECKOUT, built).startsWith('..')).toBe(true);
    expect(rendererBuildDir(join(dir, 'another-checkout'), {})).not.toBe(built);
    expect(rendererBuildDir(CHECKOUT, { HANDOVER_RENDERER_DIR: join(dir, 'r') })).toBe(
      join(dir, 'r'),
    );
  });

  it('are built (vite.renderer.config.ts) where web mode, the browser tests and the benchmarks serve them from', async () => {
    const loaded = (await import(join(CHECKOUT, 'vite.renderer.config.ts'))) as {
      default: UserConfigFnObject;
    };
    const config: UserConfig = loaded.default({ command: 'build', mode: 'production' });
    expect(config.build?.outDir).toBe(rendererBuildDir(CHECKOUT));
    expect(relative(CHECKOUT, config.build?.outDir ?? CHECKOUT).startsWith('..')).toBe(true);
  });

  it('missing, web mode says how to build them', async () => {
    const web = await startWebMode({
      desk,
      deskDir,
      checkout: CHECKOUT,
      env: {
        HANDOVER_WEB_PORT: String(await freePort()),
        HANDOVER_RENDERER_DIR: join(dir, 'none'),
      },
    });
    expect(web.ok).toBe(false);
    if (!web.ok) expect(web.message).toContain('npm run build:renderer');
  });
});
