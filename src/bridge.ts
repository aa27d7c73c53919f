import type { DeskEvent } from '#src/contract.ts';

/**
 * What the renderer finds on `window.handover` in Electron (exposed by the
 * preload), and what the web-mode bridge implements over HTTP. Untyped at
 * this edge on purpose: main/ parses every request with the contract.
 */
export type HandoverBridge = {
  invoke(channel: string, request: unknown): Promise<unknown>;
  onEvent(listener: (event: DeskEvent) => void): () => void;
};
