import type { HandoverBridge } from '#src/bridge.ts';
import type { Channel, DeskEvent, Request, Response } from '#src/contract.ts';

/**
 * The renderer's only way to main/: Electron's preload bridge when present,
 * otherwise web mode over HTTP with the install's secret from the printed address.
 */
declare global {
  interface Window {
    handover?: HandoverBridge;
  }
}

const TOKEN_KEY = 'handover.token';

/**
 * Web mode: take the secret from the #fragment of the printed address, then
 * keep it for this address in this browser (#12: the address and its port stay
 * the same from launch to launch, so a bookmark of the bare address works once
 * this browser has opened the printed one). SECURITY.md says what that means.
 */
const webToken = (): string => {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    localStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return localStorage.getItem(TOKEN_KEY) ?? '';
};

const webBridge = (): HandoverBridge => {
  const token = webToken();
  return {
    invoke: async (channel, request) => {
      const res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-handover-token': token },
        body: JSON.stringify(request),
      });
      const body = (await res.json()) as { response?: unknown; error?: string; detail?: string };
      if (!res.ok) {
        // A secret this install no longer has (its file was deleted): forget it.
        if (res.status === 401) localStorage.removeItem(TOKEN_KEY);
        throw new Error(
          res.status === 401
            ? 'This page has lost its link to Handover. Open the address Handover printed when it started.'
            : `Handover could not do that (${body.error ?? res.status}: ${body.detail ?? ''})`,
        );
      }
      return body.response;
    },
    onEvent: (listener) => {
      const source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message: MessageEvent<string>) => {
        listener(JSON.parse(message.data) as DeskEvent);
      };
      return () => {
        source.close();
      };
    },
  };
};

const bridge: HandoverBridge = window.handover ?? webBridge();

export const call = async <K extends Channel>(
  channel: K,
  request: Request<K>,
): Promise<Response<K>> => (await bridge.invoke(channel, request)) as Response<K>;

/** One connection to the desk's events, shared by every screen that listens. */
const listeners = new Set<(event: DeskEvent) => void>();
let connected = false;

export const onDeskEvent = (listener: (event: DeskEvent) => void): (() => void) => {
  if (!connected) {
    connected = true;
    bridge.onEvent((event) => {
      for (const l of listeners) l(event);
    });
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
};
