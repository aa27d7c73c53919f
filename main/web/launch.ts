import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Desk } from '#main/desk-api.ts';
import { startWebHost } from '#main/web/host.ts';
import type { WebHost } from '#main/web/host.ts';
import { rendererBuildDir } from '#main/web/build-dir.ts';

/**
 * Where web mode lives, the same on every launch (#12): a fixed port, an
 * address whose secret is kept per install, and the built screens outside the
 * checkout. Used by `npm start`, `npm run web`, the browser tests and the
 * benchmarks, so they all serve what was built.
 */

/** Web mode's port unless HANDOVER_WEB_PORT says otherwise (the sync server has 8787). */
export const DEFAULT_WEB_PORT = 8788;

export type PortChoice = { ok: true; port: number } | { ok: false; message: string };

/** The port web mode listens on: HANDOVER_WEB_PORT, else the fixed default. */
export const webPort = (env: Readonly<Record<string, string | undefined>>): PortChoice => {
  const raw = env.HANDOVER_WEB_PORT?.trim() ?? '';
  if (raw === '') return { ok: true, port: DEFAULT_WEB_PORT };
  const port = Number(raw);
  return /^\d+$/.test(raw) && port >= 1 && port <= 65535
    ? { ok: true, port }
    : {
        ok: false,
        message: `HANDOVER_WEB_PORT must be a port number from 1 to 65535 (it is "${raw}").`,
      };
};

/** What to say when the port is taken: no stack, what to do next. */
export const portTakenMessage = (port: number): string =>
  `Web mode cannot use port ${String(port)}: another program is using it. ` +
  `If Handover is already running, open http://127.0.0.1:${String(port)}/ in your browser. ` +
  `Otherwise stop that program, or choose another port with HANDOVER_WEB_PORT=<port> ` +
  `(a bookmark to the old address will then not work).`;

/** True for the error `listen` gives when the port is in use. */
export const isPortTaken = (error: unknown): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';

const SECRET_FILE = 'web-secret';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * This install's web-mode secret: 256 random bits kept in the desk's data
 * folder, readable by this operating-system user only. Made on first use;
 * delete the file to change it (every browser must then open the printed
 * address again). See SECURITY.md.
 */
export const webSecret = (deskDir: string): string => {
  const file = join(deskDir, SECRET_FILE);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (SECRET_SHAPE.test(kept)) {
      chmodSync(file, 0o600);
      return kept;
    }
  } catch {
    // Not made yet: made below.
  }
  mkdirSync(deskDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
};

export type WebModeOptions = {
  desk: Desk;
  /** The desk's data folder: where this install's secret is kept. */
  deskDir: string;
  /** The checkout whose screens were built (rendererBuildDir). */
  checkout: string;
  env?: Readonly<Record<string, string | undefined>>;
};

/**
 * Opens web mode at its stable address: the fixed (or configured) port, this
 * install's secret, the screens from the build folder. Expected problems come
 * back as one sentence to print, never as a stack.
 */
export const startWebMode = async (
  options: WebModeOptions,
): Promise<{ ok: true; host: WebHost } | { ok: false; message: string }> => {
  const env = options.env ?? process.env;
  const port = webPort(env);
  if (!port.ok) return port;
  const rendererDir = rendererBuildDir(options.checkout, env);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    return {
      ok: false,
      message:
        'The screens are not built yet. Run `npm run build:renderer` first (npm start does it for you).',
    };
  }
  try {
    const host = await startWebHost({
      desk: options.desk,
      rendererDir,
      port: port.port,
      token: webSecret(options.deskDir),
    });
    return { ok: true, host };
  } catch (error) {
    if (isPortTaken(error)) return { ok: false, message: portTakenMessage(port.port) };
    throw error;
  }
};
