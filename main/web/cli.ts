import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createDesk } from '#main/desk.ts';
import { startWebHost } from '#main/web/host.ts';

/**
 * `npm run web`: the desktop client in a browser, for machines where the
 * Electron app cannot run. Env: HANDOVER_SERVER_URL, HANDOVER_DESK_DIR,
 * WEB_PORT.
 */
const rendererDir = resolve('dist/renderer');
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  console.error(
    'The screens are not built yet. Run `npm run build:renderer` first (npm start does it for you).',
  );
  process.exit(1);
}
const desk = await createDesk({
  dataDir: resolve(process.env.HANDOVER_DESK_DIR ?? '.handover/desk'),
  defaultServerUrl: process.env.HANDOVER_SERVER_URL ?? 'http://127.0.0.1:8787',
  deviceName: `${hostname()} (browser)`,
  keychain: 'auto',
});
const host = await startWebHost({
  desk,
  rendererDir,
  port: Number(process.env.WEB_PORT ?? '0'),
});
console.log(`Handover (web mode) is ready. Open this address in your browser: ${host.url}`);
const stop = async (): Promise<void> => {
  await host.close();
  await desk.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
