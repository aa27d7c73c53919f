import { basename, dirname, resolve } from 'node:path';

/**
 * Squirrel.Windows runs the app with --squirrel-* flags while installing,
 * updating and uninstalling; the app must make or remove its shortcuts and
 * quit at once (the job the electron-squirrel-startup package does).
 */
export type SquirrelStep =
  | { kind: 'none' }
  | { kind: 'quit' }
  | { kind: 'update-then-quit'; updateExe: string; args: string[] };

export const squirrelStep = (argv: readonly string[], execPath: string): SquirrelStep => {
  const flag = argv[1];
  if (flag === undefined || !flag.startsWith('--squirrel-')) return { kind: 'none' };
  const updateExe = resolve(dirname(execPath), '..', 'Update.exe');
  const exe = basename(execPath);
  switch (flag) {
    case '--squirrel-install':
    case '--squirrel-updated':
      return { kind: 'update-then-quit', updateExe, args: [`--createShortcut=${exe}`] };
    case '--squirrel-uninstall':
      return { kind: 'update-then-quit', updateExe, args: [`--removeShortcut=${exe}`] };
    case '--squirrel-obsolete':
      return { kind: 'quit' };
    default:
      // --squirrel-firstrun and anything newer: start normally.
      return { kind: 'none' };
  }
};
