/**
 * The only two Electron IPC channels. Every contract call travels on
 * `handover:invoke` (the contract's channel name is an argument, checked by
 * the preload and again by main); desk events travel on `handover:event`.
 * No imports: the sandboxed preload bundles this file.
 */
export const INVOKE_CHANNEL = 'handover:invoke';
export const EVENT_CHANNEL = 'handover:event';

/** The preload exposes the bridge on `window[BRIDGE_KEY]`. */
export const BRIDGE_KEY = 'handover';
