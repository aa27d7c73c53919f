import { resolve } from 'node:path';
import { build } from 'vite';

/** Builds the renderer once, exactly as `npm start` serves it (into rendererBuildDir, which support.ts serves). */
export default async function setup(): Promise<void> {
  await build({
    configFile: resolve(import.meta.dirname, '..', 'vite.renderer.config.ts'),
    logLevel: 'warn',
  });
}
