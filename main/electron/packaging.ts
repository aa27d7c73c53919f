import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/**
 * What the packaged app carries besides Vite's bundles. Used by
 * vite.main.config.ts (what not to bundle) and forge.config.ts (what to
 * copy into the package). Runs at build time only, under Node.
 */

/**
 * Never bundled: native addons (and PGlite's wasm/data files) must stay
 * files on disk. The first three are always packaged, because main loads
 * them even when the bundler cannot see it (keytar is loaded by a variable
 * specifier so that it may be missing); PGlite is packaged only if the main
 * bundle imports it.
 */
export const NATIVE_MODULES = ['better-sqlite3-multiple-ciphers', 'keytar', '@node-rs/argon2'];
export const EXTERNAL_MODULES = [...NATIVE_MODULES, '@electric-sql/pglite'];

/** The main bundle lists the packages it imports at run time here (see vite.main.config.ts). */
export const RUNTIME_MANIFEST = 'runtime-modules.json';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Rollup `external` entries: each package and its subpaths, plus Electron and Node's builtins. */
export const mainExternals = (): (string | RegExp)[] => [
  'electron',
  /^electron\//,
  ...builtinModules,
  /^node:/,
  ...EXTERNAL_MODULES.flatMap((name) => [name, new RegExp(`^${escapeRegExp(name)}/`)]),
];

/** The package a bare import names (`@scope/pkg/sub` → `@scope/pkg`); null for builtins, Electron and paths. */
export const packageOf = (specifier: string): string | null => {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('\0'))
    return null;
  if (specifier.startsWith('node:') || specifier.includes(':')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  if (name === '' || name === 'electron' || builtinModules.includes(name)) return null;
  return name;
};

type PackageJson = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

const readPackageJson = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/**
 * The installed folders of `names` and everything they need at run time
 * (dependencies and installed optional dependencies, found the way Node
 * finds them), as package-relative paths like `/node_modules/bindings`.
 * A package that is not installed is skipped: all of them are optional to
 * someone (keytar itself is an optional dependency).
 */
export const runtimeModuleDirs = (projectDir: string, names: readonly string[]): string[] => {
  const found = new Set<string>();
  const locate = (name: string, fromDir: string): string | null => {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      if (dir === projectDir || dirname(dir) === dir) return null;
    }
  };
  const visit = (name: string, fromDir: string): void => {
    const dir = locate(name, fromDir);
    if (dir === null || found.has(dir)) return;
    found.add(dir);
    const pj = readPackageJson(dir);
    for (const dep of Object.keys({ ...pj.dependencies, ...pj.optionalDependencies }))
      visit(dep, dir);
  };
  for (const name of names) visit(name, projectDir);
  return [...found].map((dir) => `/${relative(projectDir, dir).split(sep).join('/')}`).sort();
};

/** What the packager must never copy even inside a kept package (as its defaults do). */
const JUNK = [/\/\.git($|\/)/, /\/node_gyp_bins($|\/)/, /\.o(bj)?$/, /\/\.bin($|\/)/];

/**
 * electron-packager's `ignore` for the app: the Vite output, package.json,
 * and the runtime modules, nothing else (no sources, tests, data, or the
 * rest of node_modules, which Vite has bundled). `keptDirs` is called on
 * first use, after Forge's Vite build, so it can read the bundle's manifest.
 */
export const packageIgnore = (keptDirs: () => readonly string[]): ((file: string) => boolean) => {
  let kept: readonly string[] | null = null;
  return (file) => {
    if (file === '' || file === '/package.json') return false;
    if (JUNK.some((re) => re.test(file))) return true;
    if (file === '/.vite' || file.startsWith('/.vite/')) return false;
    if (file === '/node_modules') return false;
    kept ??= keptDirs();
    return !kept.some(
      (dir) => file === dir || file.startsWith(`${dir}/`) || dir.startsWith(`${file}/`),
    );
  };
};

/** The packages the built main bundle asked for (its manifest), plus the always-packaged native ones. */
export const packagedModules = (projectDir: string): string[] => {
  const manifest = join(projectDir, '.vite', 'build', RUNTIME_MANIFEST);
  const imported = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as string[])
    : EXTERNAL_MODULES;
  return [...new Set([...NATIVE_MODULES, ...imported])].sort();
};
