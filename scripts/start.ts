import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { build } from 'vite';
import { createDesk } from '#main/desk.ts';
import { startWebHost } from '#main/web/host.ts';
import { seedDemo } from '#server/demo.ts';
import { startServer } from '#server/start.ts';

/**
 * `npm start`: the sync server on PGlite plus the desktop client connected to
 * it. Where Electron cannot start (no binary), the same app opens in web mode.
 * Env: PORT (server, default 8787), HANDOVER_DATA_DIR (server data),
 * HANDOVER_DESK_DIR (this workstation's stores), HANDOVER_DEMO=0 to skip the demo network.
 */
const port = Number(process.env.PORT ?? '8787');
const dataDir = resolve(process.env.HANDOVER_DATA_DIR ?? '.handover/server');
const deskDir = resolve(process.env.HANDOVER_DESK_DIR ?? '.handover/desk');

const server = await startServer({
  port,
  host: '127.0.0.1',
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir }),
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

/** The Electron binary, if it was downloaded when Electron was installed. */
const electronBinary = (): string | null => {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
};

const stops: (() => Promise<void>)[] = [];
const stop = async (): Promise<void> => {
  for (const s of stops.reverse()) await s();
  await server.close();
  process.exit(0);
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
    'Electron cannot start on this machine (its program files are not installed), so Handover opens in web mode instead.',
  );
  await build({ configFile: resolve('renderer/vite.config.ts'), logLevel: 'warn' });
  const desk = await createDesk({
    dataDir: deskDir,
    defaultServerUrl: server.url,
    deviceName: `${hostname()} (browser)`,
    keychain: 'auto',
  });
  const host = await startWebHost({ desk, rendererDir: resolve('dist/renderer') });
  stops.push(
    () => desk.close(),
    () => host.close(),
  );
  console.log(`Handover is ready. Open this address in your browser: ${host.url}`);
}
