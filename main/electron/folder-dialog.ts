import { dialog } from 'electron';
import type { BrowserWindow, OpenDialogOptions } from 'electron';

/**
 * The system's own folder window for choosing the backup folder (#5),
 * parented to the app's window so it stays in front of it. The desk is given
 * this as `chooseFolder`, so the desk itself never imports Electron.
 * Resolves to the chosen folder, or null when the user cancels.
 */
export const folderDialog =
  (window: () => BrowserWindow | null) =>
  async (start: string | null): Promise<string | null> => {
    const options: OpenDialogOptions = {
      title: 'Choose a folder for your backups',
      buttonLabel: 'Use this folder',
      // createDirectory: a "New folder" button (macOS); other systems have one anyway.
      properties: ['openDirectory', 'createDirectory'],
      ...(start !== null && { defaultPath: start }),
    };
    const parent = window();
    const result =
      parent === null || parent.isDestroyed()
        ? await dialog.showOpenDialog(options)
        : await dialog.showOpenDialog(parent, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
