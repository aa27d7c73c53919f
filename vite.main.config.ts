import { defineConfig } from 'vite';
import type { ConfigEnv, Plugin, UserConfig } from 'vite';
import { mainExternals, packageOf, RUNTIME_MANIFEST } from '#main/electron/packaging.ts';

/**
 * Electron main process bundle, merged by Forge's Vite plugin over its own
 * defaults (outDir .vite/build, Electron and Node builtins external, the
 * MAIN_WINDOW_VITE_* defines).
 *
 * Output is ESM `main.js`: package.json is "type": "module", so Electron
 * loads .vite/build/main.js as an ES module, matching how main/ already runs
 * under tsx and vitest. Native addons and PGlite stay external and are
 * packaged as files by forge.config.ts.
 */

/** Forge passes its own build entry in the config env. */
type ForgeEnv = ConfigEnv & { forgeConfigSelf?: { entry?: string } };

/** Writes the packages the bundle imports at run time, for forge.config.ts to package. */
const runtimeManifest = (): Plugin => ({
  name: 'handover:runtime-manifest',
  generateBundle(_options, bundle) {
    const names = new Set<string>();
    for (const output of Object.values(bundle)) {
      if (output.type !== 'chunk') continue;
      for (const id of [...output.imports, ...output.dynamicImports]) {
        const name = packageOf(id);
        if (name !== null) names.add(name);
      }
    }
    this.emitFile({
      type: 'asset',
      fileName: RUNTIME_MANIFEST,
      source: `${JSON.stringify([...names].sort())}\n`,
    });
  },
});

export default defineConfig((env): UserConfig => {
  const entry = (env as ForgeEnv).forgeConfigSelf?.entry ?? 'main/electron/main.ts';
  return {
    build: {
      // Electron 45 runs Node 22.
      target: 'node22',
      // Set here (not Forge's CJS default) so the format matches package.json "type": "module".
      // Two entries: main, and the rekey's worker thread (#5), which main starts
      // from `rekey-worker.js` beside its own file (main/casework/rekey-runner.ts).
      lib: {
        entry: { main: entry, 'rekey-worker': 'main/casework/rekey-worker.ts' },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      outDir: '.vite/build',
      emptyOutDir: false,
      rollupOptions: {
        external: mainExternals(),
        // Shared code beside the entries (not in a sub-folder), so each finds the other.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
    resolve: { conditions: ['node'] },
    plugins: [runtimeManifest()],
  };
});
