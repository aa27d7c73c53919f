import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  session,
  shell,
} from 'electron';
import type { WebContents } from 'electron';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { APP_ORIGIN, APP_SCHEME, APP_URL, serveAppFile } from '#main/electron/app-protocol.ts';
import { folderDialog } from '#main/electron/folder-dialog.ts';
import { EVENT_CHANNEL } from '#main/electron/ipc-channels.ts';
import { forwardDeskEvents, registerDeskIpc } from '#main/electron/ipc.ts';
import type { Notice } from '#main/electron/ipc.ts';
import { menuTemplate } from '#main/electron/menu.ts';
import {
  contentSecurityPolicy,
  isAppUrl,
  isExternalWebUrl,
  isPermissionAllowed,
  originOf,
  trustedSender,
  withSecurityHeaders,
} from '#main/electron/security.ts';
import { squirrelStep } from '#main/electron/squirrel.ts';

/**
 * The Electron shell, kept thin: one window on one desk. Everything the app
 * does lives in the desk (main/desk.ts); the rules this file applies live in
 * small tested modules beside it. It cannot be launched in CI (no Electron
 * binary); web mode runs the same renderer and desk there.
 */

// Replaced by Forge's Vite plugin at build time. The dev server URL is only
// defined under `electron-forge start`; `typeof` keeps a missing one safe.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string | undefined;

const devServerUrl =
  typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' && MAIN_WINDOW_VITE_DEV_SERVER_URL !== ''
    ? MAIN_WINDOW_VITE_DEV_SERVER_URL
    : null;
const rendererName =
  typeof MAIN_WINDOW_VITE_NAME === 'string' ? MAIN_WINDOW_VITE_NAME : 'main_window';
const isDev = devServerUrl !== null;
const isMac = process.platform === 'darwin';

/** The one origin the window may show and the only one whose top frame may call the desk. */
const appOrigins: string[] = [
  (devServerUrl === null ? null : originOf(devServerUrl)) ?? APP_ORIGIN,
];
const startUrl = devServerUrl ?? APP_URL;
const rendererDir = join(import.meta.dirname, '..', 'renderer', rendererName);
const preloadPath = join(import.meta.dirname, 'preload.cjs');
const csp = contentSecurityPolicy(devServerUrl);

let mainWindow: BrowserWindow | null = null;

const openExternally = (url: string): void => {
  if (isExternalWebUrl(url)) {
    shell.openExternal(url).catch((error: unknown) => {
      console.error('Could not open a link in the browser', error);
    });
  }
};

/** Applied to every web contents the app ever has, including any it did not expect. */
const hardenContents = (contents: WebContents): void => {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, appOrigins)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appOrigins)) event.preventDefault();
  });
};

const showWindow = (): void => {
  if (mainWindow === null || mainWindow.isDestroyed()) {
    createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
};

const createWindow = (): void => {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Handover',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: isDev,
    },
  });
  win.once('ready-to-show', () => {
    win.show();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  win.loadURL(startUrl).catch((error: unknown) => {
    console.error('Could not load the app', error);
  });
};

const notify = (notice: Notice): void => {
  if (!Notification.isSupported()) return;
  const note = new Notification({ title: notice.title, body: notice.body });
  note.on('click', showWindow);
  note.show();
};

const secureSession = (): void => {
  const ses = session.defaultSession;
  ses.protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request, csp));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, csp) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, appOrigins));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, appOrigins),
  );
};

/** Close the desk (store, sync) before the process goes; quit again once it is closed. */
const closeDeskOnQuit = (desk: Desk, stop: () => void): void => {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    stop();
    desk
      .close()
      .catch((error: unknown) => {
        console.error('The desk did not close cleanly', error);
      })
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
};

const start = async (): Promise<void> => {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
  });
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
  if (process.platform === 'win32')
    app.setAppUserModelId(app.isPackaged ? 'com.squirrel.handover.handover' : process.execPath);
  app.setAboutPanelOptions({ applicationName: 'Handover', applicationVersion: app.getVersion() });

  await app.whenReady();
  secureSession();

  let desk: Desk;
  try {
    desk = await createDesk({
      dataDir: app.getPath('userData'),
      defaultServerUrl: process.env.HANDOVER_SERVER_URL ?? 'http://127.0.0.1:8787',
      deviceName: hostname(),
      keychain: 'auto',
      chooseFolder: folderDialog(() => mainWindow),
    });
  } catch (error) {
    console.error('Handover could not open its data folder', error);
    dialog.showErrorBox(
      'Handover could not start',
      'Handover could not open its data on this computer. Ask your IT administrator for help.',
    );
    app.exit(1);
    return;
  }

  const unregister = registerDeskIpc(ipcMain, desk, trustedSender(appOrigins));
  const unsubscribe = forwardDeskEvents(desk, {
    send: (event) => {
      for (const win of BrowserWindow.getAllWindows())
        if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
    },
    notify,
  });
  closeDeskOnQuit(desk, () => {
    unsubscribe();
    unregister();
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isDev, isMac })));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
};

const squirrel = process.platform === 'win32' ? squirrelStep(process.argv, process.execPath) : null;
if (squirrel !== null && squirrel.kind !== 'none') {
  // Installing, updating or uninstalling: do Squirrel's errand and leave.
  if (squirrel.kind === 'update-then-quit') {
    spawn(squirrel.updateExe, squirrel.args, { detached: true }).on('close', () => {
      app.quit();
    });
  } else app.quit();
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    console.error('Handover failed to start', error);
    app.exit(1);
  });
}
