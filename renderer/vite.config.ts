import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: built once to dist/renderer, loaded by Electron or the web-mode host. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    // No inline scripts or styles: the content security policy forbids them.
    assetsInlineLimit: 0,
    // Loaded from this computer, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1024,
  },
});
