import { defineConfig } from 'vite';

/**
 * The sandboxed preload, merged by Forge's Vite plugin over its defaults
 * (one CommonJS file, no chunks). Named .cjs so nothing mistakes it for an
 * ES module in this "type": "module" package; main.ts loads `preload.cjs`.
 * Only 'electron' may stay external: a sandboxed preload can require nothing else.
 */
export default defineConfig({
  build: {
    // Electron 45's Chromium.
    target: 'chrome140',
    outDir: '.vite/build',
    emptyOutDir: false,
    rollupOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
