import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerDMG } from '@electron-forge/maker-dmg';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import type { FuseV1Config } from '@electron/fuses';
import {
  NATIVE_MODULES,
  packagedModules,
  packageIgnore,
  runtimeModuleDirs,
} from '#main/electron/packaging.ts';

/**
 * Packaging for the desktop client (`npm run package` / `npm run make`).
 * Needs the Electron binary, so it runs on a build machine with internet,
 * one per platform (native addons are built for the platform they run on).
 */

const projectDir = import.meta.dirname;
const maker = 'Handover contributors';

/**
 * Electron's fuses, flipped in the binary at package time. Every one is set
 * explicitly, to its safe value: the packaged app is not a Node runtime, not
 * debuggable from the command line, and loads only its own integrity-checked
 * app.asar. The renderer is served from handover://app, so file:// needs no
 * extra privileges.
 */
export const fuses: FuseV1Config = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // V8's guard regions catch a WebAssembly module's out-of-bounds memory
  // access (Electron's default; the renderer runs no WebAssembly anyway).
  [FuseV1Options.WasmTrapHandlers]: true,
};

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Handover',
    executableName: 'handover',
    appBundleId: 'org.handover.desktop',
    appCategoryType: 'public.app-category.productivity',
    appCopyright: `© ${maker}. AGPL-3.0-or-later.`,
    win32metadata: { CompanyName: maker, ProductName: 'Handover' },
    // Native addons cannot be loaded from inside an archive.
    asar: { unpack: '**/*.node' },
    // The ignore function below is an allowlist (Vite output, package.json and
    // the runtime modules); pruning would only leave empty folders behind.
    prune: false,
    ignore: packageIgnore(() => runtimeModuleDirs(projectDir, packagedModules(projectDir))),
  },
  rebuildConfig: {
    // Built against Electron's ABI inside the package; @node-rs/argon2 is N-API and prebuilt.
    onlyModules: NATIVE_MODULES.filter((name) => name !== '@node-rs/argon2'),
    force: true,
  },
  makers: [
    new MakerSquirrel({
      name: 'handover',
      authors: maker,
      description: 'Casework and tracked referrals for local advice networks',
      setupExe: 'HandoverSetup.exe',
      noMsi: true,
    }),
    new MakerDMG({ format: 'ULFO' }, ['darwin']),
    // Linux beyond Debian/Ubuntu (Fedora, openSUSE…): the zip. Forge 8 has no
    // stable RPM maker yet.
    new MakerZIP({}, ['darwin', 'linux']),
    new MakerDeb({
      options: {
        name: 'handover',
        productName: 'Handover',
        bin: 'handover',
        maintainer: maker,
        categories: ['Office'],
      },
    }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin(fuses),
  ],
};

export default config;
