import type { DeskEvent, Handlers } from '#src/contract.ts';
import type { DeskClock } from '#main/casework/auto-lock.ts';
import type { RekeyHooks } from '#main/casework/store-keys.ts';

/**
 * The desk: everything the desktop client does behind the renderer (local
 * encrypted store, key custody, sync with the network). The Electron shell and
 * the web-mode host are two thin ways to reach the same desk.
 */
export type Desk = {
  readonly handlers: Handlers;
  /** Pushes to the renderer: which parts of the screen to refresh. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  close(): Promise<void>;
};

export type DeskOptions = {
  /** Where this workstation keeps its encrypted stores and wrapped keys. */
  dataDir: string;
  /** The network server the sign-in screen offers first. */
  defaultServerUrl: string;
  /** Shown in the user's list of signed-in devices. */
  deviceName: string;
  /** `off` forces the passphrase fallback (tests, or a keychain the user distrusts). */
  keychain: 'auto' | 'off';
  /** Time for locking an idle desk (#5); tests pass one they move on by hand. */
  clock?: DeskClock;
  /** Test support: moments inside a rekey (#5), e.g. holding its worker after the copy. */
  rekeyHooks?: RekeyHooks;
  /**
   * The system's folder window, from the Electron shell (#5): resolves to the
   * chosen folder or null. Absent in web mode, where the app lists folders itself.
   */
  chooseFolder?: ((start: string | null) => Promise<string | null>) | undefined;
};
