import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekeyWorkerUrl, runRekeyWorker } from '#main/casework/rekey-runner.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { details } from '#main/store/client-details.fixture.ts';
import { insertClient } from '#main/store/clients.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * The rekey's worker in the built app: vite.main.config.ts (the config
 * Forge builds main with) must ship `rekey-worker.js` beside `main.js`, and
 * that built file must really rekey a store. Electron cannot run here, so the
 * built worker runs under Node (same code, same native addon); what this does
 * not prove is loading it from inside app.asar (Electron supports workers
 * there since 17.3).
 */
const project = process.cwd();
let out = '';

beforeAll(async () => {
  // Inside node_modules, so the bundle's bare imports (the native addon) resolve as in the app.
  const cache = join(project, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  out = mkdtempSync(join(cache, 'handover-main-build-'));
  await build({
    configFile: join(project, 'vite.main.config.ts'),
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true },
  });
}, 120_000);
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('the built main bundle', () => {
  it('ships the rekey worker beside main.js, and main starts it from there', () => {
    const files = readdirSync(out);
    expect(files).toContain('main.js');
    expect(files).toContain('rekey-worker.js');
    const bundle = files
      .filter((f) => f.endsWith('.js') && f !== 'rekey-worker.js')
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(bundle).toContain('./rekey-worker.js');
    // The packager keeps the native addon the worker needs (see main/electron/packaging.ts).
    const manifest = JSON.parse(
      readFileSync(join(out, 'runtime-modules.json'), 'utf8'),
    ) as string[];
    expect(manifest).toContain('better-sqlite3-multiple-ciphers');
  });

  it('finds the worker beside the built file, and the source through tsx', () => {
    expect(rekeyWorkerUrl(pathToFileURL(join(out, 'main.js')).href).href).toBe(
      pathToFileURL(join(out, 'rekey-worker.js')).href,
    );
    const fromSource = rekeyWorkerUrl(import.meta.url);
    expect(fromSource.protocol).toBe('data:');
    expect(decodeURIComponent(fromSource.href)).toContain('rekey-worker.ts');
  });

  it('rekeys a real encrypted store with the built worker', async () => {
    const dir = mkdtempSync(join(out, 'store-'));
    const storeId = randomUUID();
    const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
    const key = await custody.create(storeId, { passphrase: 'a passphrase for the build test' });
    if (!key.ok) throw new Error(key.reason);
    const file = join(dir, 'store.db');
    const made = openStore(file, key.value, MIGRATIONS);
    if (!made.ok) throw new Error(made.reason);
    insertClient(made.value, details({ name: 'Bundled Worker' }), new Date());
    made.value.close();

    const next = Buffer.alloc(32, 0x61);
    const copy = `${file}.before-rekey`;
    const steps: string[] = [];
    const done = await runRekeyWorker({
      file,
      copy,
      oldKey: key.value,
      newKey: next,
      onStep: (step) => steps.push(step),
      workerUrl: pathToFileURL(join(out, 'rekey-worker.js')),
    });
    expect(done).toEqual({ ok: true, value: null });
    expect(steps).toEqual(['copying', 'copied', 'rekeyed']);
    // The store is the new key's; the copy is the old key's, whole.
    expect(openStore(file, key.value, MIGRATIONS)).toMatchObject({
      ok: false,
      reason: 'wrong-key',
    });
    for (const [path, k] of [
      [file, next],
      [copy, key.value],
    ] as const) {
      const opened = openStore(path, k, MIGRATIONS);
      if (!opened.ok) throw new Error(opened.reason);
      expect(opened.value.prepare('SELECT name FROM clients').pluck().all()).toEqual([
        'Bundled Worker',
      ]);
      opened.value.close();
    }
    expect(existsSync(`${file}-journal`)).toBe(false);
    key.value.fill(0);
  });
});
