import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, OpenDialogOptions } from 'electron';

// The only mock: Electron's dialog module, at the edge.
const electron = vi.hoisted(() => ({
  showOpenDialog:
    vi.fn<(...args: unknown[]) => Promise<{ canceled: boolean; filePaths: string[] }>>(),
}));
vi.mock('electron', () => ({ dialog: { showOpenDialog: electron.showOpenDialog } }));

const { folderDialog } = await import('#main/electron/folder-dialog.ts');

const fakeWindow = (destroyed = false) =>
  ({ isDestroyed: () => destroyed }) as unknown as BrowserWindow;

beforeEach(() => {
  electron.showOpenDialog.mockReset();
});

describe('the system folder window for backups', () => {
  it('opens a folder chooser parented to the app window, starting at the current folder', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/media/sam/USB'] });
    const win = fakeWindow();
    const choose = folderDialog(() => win);
    expect(await choose('/home/sam/Backups')).toBe('/media/sam/USB');
    expect(electron.showOpenDialog).toHaveBeenCalledTimes(1);
    const [parent, options] = electron.showOpenDialog.mock.calls[0] as [
      BrowserWindow,
      OpenDialogOptions,
    ];
    expect(parent).toBe(win);
    expect(options.properties).toEqual(['openDirectory', 'createDirectory']);
    expect(options.defaultPath).toBe('/home/sam/Backups');
    expect(options.buttonLabel).toBe('Use this folder');
  });

  it('answers null when the user cancels', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await folderDialog(() => fakeWindow())(null)).toBeNull();
    const [, options] = electron.showOpenDialog.mock.calls[0] as [BrowserWindow, OpenDialogOptions];
    expect(options).not.toHaveProperty('defaultPath');
  });

  it('still opens, unparented, when the window has gone', async () => {
    electron.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['C:\\Backups'] });
    expect(await folderDialog(() => fakeWindow(true))(null)).toBe('C:\\Backups');
    expect(electron.showOpenDialog.mock.calls[0]).toHaveLength(1);
    expect(await folderDialog(() => null)(null)).toBe('C:\\Backups');
    expect(electron.showOpenDialog.mock.calls[1]).toHaveLength(1);
  });
});
