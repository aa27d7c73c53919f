import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'vite';
import { createDesk } from '#main/desk.ts';
import { startWebMode } from '#main/web/launch.ts';
import { seedDemo } from '#server/demo.ts';
import { startServer } from '#server/start.ts';

/**
 * `npm start`: the sync server on PGlite plus the desktop client connected to
 * it. Where Electron cannot start (no binary), the same app opens in web mode.
 * Env: PORT (server, default 8787), HANDOVER_DATA_DIR (server data),
 * HANDOVER_DESK_DIR (this workstation's stores), HANDOVER_DEMO=0 to skip the demo network,
 * HANDOVER_WEB=1 to open web mode without trying Electron, HANDOVER_WEB_PORT (web
 * mode, default 8788), HANDOVER_RENDERER_DIR (where web mode's screens are
 * built; by default the system's cache folder, outside the checkout).
 */
const port = Number(process.env.PORT ?? '8787');
const dataDir = resolve(process.env.HANDOVER_DATA_DIR ?? '.handover/server');
const deskDir = resolve(process.env.HANDOVER_DESK_DIR ?? '.handover/desk');

const server = await startServer({
  port,
  host: '127.0.0.1',
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir }),
}).catch((error: unknown) => {
  // Expected problems (data directory in use, port taken) in one line, no stack.
  console.error(
    `The sync server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
console.log(
  `Sync server ready at ${server.url} (data in ${process.env.DATABASE_URL ? 'PostgreSQL' : dataDir})`,
);

if (process.env.HANDOVER_DEMO !== '0') {
  const signIns = await seedDemo(server.db);
  if (signIns !== null) {
    console.log('\nA DEMO network with sample agencies was created. Sign in as any of these:');
    for (const s of signIns) {
      console.log(`  ${s.email.padEnd(38)} ${s.password}   ${s.role}, ${s.organisation}`);
    }
    console.log('');
  }
}

/**
 * The Electron binary: already downloaded, or fetched now (Electron downloads
 * it on first use). Its installer's output is kept quiet: where it cannot be
 * fetched we say so in one line and open web mode. HANDOVER_WEB=1 skips it.
 */
const electronBinary = (): string | null => {
  if (process.env.HANDOVER_WEB === '1') return null;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const binary = (): string | null => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const full = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(full) ? full : null;
  };
  if (binary() === null) {
    console.log('Fetching the Electron program files (first start only)…');
    spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  }
  return binary();
};

const stops: (() => Promise<void>)[] = [];
const stop = async (code = 0): Promise<void> => {
  for (const s of stops.reverse()) await s();
  await server.close();
  process.exit(code);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

if (electronBinary() !== null) {
  const child = spawn('npx', ['electron-forge', 'start'], {
    stdio: 'inherit',
    env: { ...process.env, HANDOVER_SERVER_URL: server.url },
  });
  child.on('exit', () => void stop());
  stops.push(() => {
    child.kill('SIGTERM');
    return Promise.resolve();
  });
} else {
  console.log(
    'Electron cannot start on this machine (its program files could not be downloaded), so Handover opens in web mode instead.',
  );
  // Built where web mode serves it from (main/web/launch.ts), not into the checkout.
  await build({ configFile: resolve('vite.renderer.config.ts'), logLevel: 'warn' });
  const desk = await createDesk({
    dataDir: deskDir,
    defaultServerUrl: server.url,
    deviceName: `${hostname()} (browser)`,
    keychain: 'auto',
  });
  stops.push(() => desk.close());
  const web = await startWebMode({ desk, deskDir, checkout: resolve('.') });
  if (!web.ok) {
    console.error(web.message);
    await stop(1);
  } else {
    stops.push(() => web.host.close());
    console.log(`Handover is ready. Open this address in your browser: ${web.host.url}`);
    console.log(
      'The address stays the same each time you start Handover: bookmark it, or bookmark ' +
        `${web.host.origin}/ once this browser has opened the full address.`,
    );
  }
}
