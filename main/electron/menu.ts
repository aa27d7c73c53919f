import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: roles only, so Electron supplies the platform's
 * wording, shortcuts and behaviour. Reload and developer tools exist only in
 * development; zoom stays in production (people need larger text).
 */
export const menuTemplate = (options: {
  isDev: boolean;
  isMac: boolean;
}): MenuItemConstructorOptions[] => {
  const { isDev, isMac } = options;
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(isDev
          ? ([
              { role: 'reload' },
              { role: 'toggleDevTools' },
              separator,
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ role: 'about', label: 'About Handover' }] },
  ];
};
