import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '#main/electron/menu.ts';
import { squirrelStep } from '#main/electron/squirrel.ts';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

describe('menuTemplate', () => {
  it('has Quit, the edit roles and About; reload and dev tools only in development', () => {
    const prod = roles(menuTemplate({ isDev: false, isMac: false }));
    expect(prod).toEqual(
      expect.arrayContaining([
        'quit',
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'about',
      ]),
    );
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    const dev = roles(menuTemplate({ isDev: true, isMac: false }));
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(menuTemplate({ isDev: false, isMac: true }))[0]).toBe('appMenu');
  });
});

describe('squirrelStep', () => {
  const exe = '/Users/x/AppData/Local/handover/app-0.1.0/handover.exe';
  it('makes and removes shortcuts, then quits', () => {
    expect(squirrelStep(['handover.exe', '--squirrel-install', '0.1.0'], exe)).toEqual({
      kind: 'update-then-quit',
      updateExe: '/Users/x/AppData/Local/handover/Update.exe',
      args: ['--createShortcut=handover.exe'],
    });
    expect(squirrelStep(['handover.exe', '--squirrel-uninstall'], exe)).toMatchObject({
      args: ['--removeShortcut=handover.exe'],
    });
    expect(squirrelStep(['handover.exe', '--squirrel-obsolete'], exe)).toEqual({ kind: 'quit' });
  });

  it('starts normally otherwise', () => {
    expect(squirrelStep(['handover.exe'], exe)).toEqual({ kind: 'none' });
    expect(squirrelStep(['handover.exe', '--squirrel-firstrun'], exe)).toEqual({ kind: 'none' });
  });
});
