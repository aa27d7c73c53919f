import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { HandoverBridge } from '#src/bridge.ts';
import { isChannel } from '#src/contract.ts';
import type { DeskEvent } from '#src/contract.ts';
import { BRIDGE_KEY, EVENT_CHANNEL, INVOKE_CHANNEL } from '#main/electron/ipc-channels.ts';

/**
 * The sandboxed preload: exposes exactly two functions on window.handover.
 * No ipcRenderer, no arbitrary IPC channel, no Node. Bundled by Vite into
 * one CommonJS file (a sandboxed preload can require only 'electron').
 *
 * `invoke` behaves like the web-mode bridge (renderer/bridge.ts): it resolves
 * with the channel's response and rejects when main refuses the call.
 */

type IpcRendererLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

const refused = (error: string, detail: string): Error =>
  new Error(`Handover could not do that (${error}: ${detail})`);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** main answers `{ ok: true, response }` or `{ ok: false, error, detail }`. */
const unwrap = (outcome: unknown): unknown => {
  if (isRecord(outcome) && outcome.ok === true) return outcome.response;
  if (isRecord(outcome) && outcome.ok === false)
    throw refused(
      typeof outcome.error === 'string' ? outcome.error : 'refused',
      typeof outcome.detail === 'string' ? outcome.detail : '',
    );
  throw refused('bad-response', 'main gave no answer');
};

export const createBridge = (ipc: IpcRendererLike): HandoverBridge => ({
  invoke: async (channel, request) => {
    // Typed as a string, but the page is untrusted: check at run time too.
    if (typeof channel !== 'string') throw refused('unknown-channel', typeof channel);
    if (!isChannel(channel)) throw refused('unknown-channel', channel.slice(0, 80));
    return unwrap(await ipc.invoke(INVOKE_CHANNEL, channel, request));
  },
  onEvent: (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // Hand the page only the event's data, never Electron's event object (it carries ipcRenderer).
    const relay = (_event: IpcRendererEvent, data: DeskEvent): void => {
      listener(data);
    };
    ipc.on(EVENT_CHANNEL, relay);
    return () => {
      ipc.removeListener(EVENT_CHANNEL, relay);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
