import { createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * Only node: imports here: vite.renderer.config.ts loads this file to know
 * where to build (#12).
 */

/** The folder for caches on this system (never inside the checkout). */
const cacheHome = (env: Readonly<Record<string, string | undefined>>): string => {
  if (process.platform === 'win32') return env.LOCALAPPDATA ?? tmpdir();
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
};

/**
 * Where the screens are built for web mode: HANDOVER_RENDERER_DIR, else the
 * system's cache folder, one folder per checkout (two checkouts on one
 * computer do not overwrite each other's build).
 */
export const rendererBuildDir = (
  checkout: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string => {
  if (env.HANDOVER_RENDERER_DIR) return resolve(env.HANDOVER_RENDERER_DIR);
  const root = resolve(checkout);
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return join(cacheHome(env), 'handover', `renderer-${id}`);
};
