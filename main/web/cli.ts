import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createDesk } from '#main/desk.ts';
import { startWebMode } from '#main/web/launch.ts';

/**
 * `npm run web`: the desktop client in a browser, for machines where the
 * Electron app cannot run. Env: HANDOVER_SERVER_URL, HANDOVER_DESK_DIR,
 * HANDOVER_WEB_PORT (default 8788), HANDOVER_RENDERER_DIR (main/web/launch.ts).
 */
const deskDir = resolve(process.env.HANDOVER_DESK_DIR ?? '.handover/desk');
const desk = await createDesk({
  dataDir: deskDir,
  defaultServerUrl: process.env.HANDOVER_SERVER_URL ?? 'http://127.0.0.1:8787',
  deviceName: `${hostname()} (browser)`,
  keychain: 'auto',
});
const web = await startWebMode({ desk, deskDir, checkout: resolve('.') });
if (!web.ok) {
  console.error(web.message);
  await desk.close();
  process.exit(1);
}
const { host } = web;
console.log(`Handover (web mode) is ready. Open this address in your browser: ${host.url}`);
const stop = async (): Promise<void> => {
  await host.close();
  await desk.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
