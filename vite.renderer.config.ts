import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer (renderer/). Built to dist/renderer for web mode and the tests; when
 * Electron Forge builds it (its config env carries `forgeConfigSelf`), Forge
 * chooses the folder (.vite/renderer/main_window), which is what it packages.
 */
export default defineConfig((env) => ({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    ...('forgeConfigSelf' in env
      ? {}
      : { outDir: resolve(import.meta.dirname, 'dist', 'renderer'), emptyOutDir: true }),
    // No inline scripts or styles: the content security policy forbids them.
    assetsInlineLimit: 0,
    // Loaded from this computer, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1024,
  },
}));
