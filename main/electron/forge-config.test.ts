import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { packageIgnore, runtimeModuleDirs } from '#main/electron/packaging.ts';

vi.mock('electron', () => ({}));

// The config sits at the project root (vitest's root), which has no import alias.
const { default: config } = (await import(join(process.cwd(), 'forge.config.ts'))) as {
  default: ForgeConfig;
};

describe('forge.config.ts', () => {
  it('flips every fuse to its safe value', () => {
    const plugin = (config.plugins ?? []).find((p) => p instanceof FusesPlugin);
    expect(plugin).toBeInstanceOf(FusesPlugin);
    const fuses = (plugin as FusesPlugin).fusesConfig;
    expect(fuses).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.WasmTrapHandlers]: true,
    });
    // Every fuse this @electron/fuses version knows about is set, none left to Electron's default.
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    for (const fuse of known) expect(fuses).toHaveProperty(String(fuse));
  });

  it('packs into asar, keeps native addons unpacked and rebuilds them for Electron', () => {
    expect(config.packagerConfig?.asar).toEqual({ unpack: '**/*.node' });
    expect(config.packagerConfig?.executableName).toBe('handover');
    expect(config.packagerConfig?.appBundleId).toBe('org.handover.desktop');
    expect(config.rebuildConfig?.onlyModules).toEqual([
      'better-sqlite3-multiple-ciphers',
      'keytar',
    ]);
  });

  it('builds main, the preload and the renderer with Vite', () => {
    const vite = (config.plugins ?? []).find((p) => p instanceof VitePlugin);
    expect(vite).toBeInstanceOf(VitePlugin);
    expect((vite as VitePlugin).config).toMatchObject({
      build: [
        { entry: 'main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    });
  });
});

describe('what the package carries', () => {
  const ignore = packageIgnore(() => ['/node_modules/@node-rs/argon2', '/node_modules/keytar']);

  it('keeps the Vite output, package.json and the runtime modules only', () => {
    for (const kept of [
      '/package.json',
      '/.vite/build/main.js',
      '/.vite/renderer/main_window/index.html',
      '/node_modules',
      '/node_modules/@node-rs',
      '/node_modules/@node-rs/argon2/index.js',
      '/node_modules/keytar/build/Release/keytar.node',
    ])
      expect(ignore(kept), kept).toBe(false);
    for (const dropped of [
      '/main/desk.ts',
      '/src/contract.ts',
      '/forge.config.ts',
      '/node_modules/zod/index.js',
      '/node_modules/electron/dist/electron',
      '/node_modules/keytarx/index.js',
      '/node_modules/keytar/build/node_gyp_bins/python3',
      '/node_modules/keytar/build/Release/obj.target/keytar.o',
      '/.git/config',
    ])
      expect(ignore(dropped), dropped).toBe(true);
  });

  it('finds each native module’s run-time dependencies in the real node_modules', () => {
    const dirs = runtimeModuleDirs(process.cwd(), ['better-sqlite3-multiple-ciphers', 'nope']);
    expect(dirs).toContain('/node_modules/better-sqlite3-multiple-ciphers');
    // Its dependencies come along (13.x: node-addon-api).
    expect(dirs.filter((d) => d.endsWith('/node_modules/node-addon-api'))).toHaveLength(1);
    expect(dirs).not.toContain('/node_modules/nope');
    expect(dirs).not.toContain('/node_modules/zod');
  });
});
