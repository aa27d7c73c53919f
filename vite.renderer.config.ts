import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { rendererBuildDir } from './main/web/build-dir.ts';

/**
 * pdf.js (the case document preview) fetches some files by name at run time:
 * the standard fonts for PDFs that do not embed theirs, the character maps for
 * Chinese, Japanese and Korean text, and the plain-JavaScript image decoders
 * for scanned pages (JBIG2, CCITT, JPEG 2000). They are copied, names
 * unchanged, to `pdfjs/` beside index.html. The decoders' WebAssembly builds
 * are not copied: the preview runs without WebAssembly, so the CSP needs no
 * 'wasm-unsafe-eval' (see renderer/features/casework/pdf-engine.ts).
 */
const PDFJS = resolve(import.meta.dirname, 'node_modules', 'pdfjs-dist');
const PDFJS_FILES: { dir: string; keep: (name: string) => boolean }[] = [
  { dir: 'standard_fonts', keep: () => true },
  { dir: 'cmaps', keep: () => true },
  {
    dir: 'wasm',
    keep: (name) => name.endsWith('_nowasm_fallback.js') || name.startsWith('LICENSE'),
  },
];

const pdfjsFiles = (): { path: string; file: string }[] =>
  PDFJS_FILES.flatMap(({ dir, keep }) =>
    readdirSync(join(PDFJS, dir))
      .filter((name) => keep(name) && statSync(join(PDFJS, dir, name)).isFile())
      .map((name) => ({ path: `pdfjs/${dir}/${name}`, file: join(PDFJS, dir, name) })),
  );

const pdfjsAssets = (): Plugin => ({
  name: 'handover-pdfjs-assets',
  // The dev server answers /pdfjs/… from node_modules.
  configureServer(server) {
    const byPath = new Map(pdfjsFiles().map((f) => [`/${f.path}`, f.file]));
    server.middlewares.use((req, res, next) => {
      const file = byPath.get((req.url ?? '').split('?')[0] ?? '');
      if (file === undefined) {
        next();
        return;
      }
      res.setHeader(
        'content-type',
        extname(file) === '.js' ? 'text/javascript; charset=utf-8' : 'application/octet-stream',
      );
      res.end(readFileSync(file));
    });
  },
  generateBundle() {
    for (const { path, file } of pdfjsFiles()) {
      this.emitFile({ type: 'asset', fileName: path, source: readFileSync(file) });
    }
  },
});

/**
 * The renderer (renderer/). Built outside the checkout for web mode and the tests
 * (main/web/launch.ts: the system's cache folder, or HANDOVER_RENDERER_DIR); when
 * Electron Forge builds it (its config env carries `forgeConfigSelf`), Forge
 * chooses the folder (.vite/renderer/main_window), which is what it packages.
 */
export default defineConfig((env) => ({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), pdfjsAssets()],
  build: {
    ...('forgeConfigSelf' in env
      ? {}
      : { outDir: rendererBuildDir(import.meta.dirname), emptyOutDir: true }),
    // No inline scripts or styles: the content security policy forbids them.
    assetsInlineLimit: 0,
    // Loaded from this computer, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 1024,
  },
}));
