import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandoverBridge } from '#src/bridge.ts';

// The only mock: Electron's renderer-side modules, at the edge.
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      electron.exposed.set(key, api);
    },
  },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(listener);
      electron.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      electron.listeners.get(channel)?.delete(listener);
    },
  },
}));

await import('#main/electron/preload.ts');

const bridge = (): HandoverBridge => {
  const api = electron.exposed.get('handover');
  if (api === undefined) throw new Error('preload exposed nothing on window.handover');
  return api as HandoverBridge;
};

describe('preload', () => {
  beforeEach(() => {
    electron.invoke.mockReset();
  });

  it('exposes only invoke and onEvent, on window.handover', () => {
    expect([...electron.exposed.keys()]).toEqual(['handover']);
    expect(Object.keys(bridge()).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('refuses a channel that is not in the contract without sending anything', async () => {
    await expect(bridge().invoke('clients.delete', {})).rejects.toThrow(/unknown-channel/);
    await expect(bridge().invoke('toString', {})).rejects.toThrow(/unknown-channel/);
    await expect(bridge().invoke(7 as unknown as string, {})).rejects.toThrow(/unknown-channel/);
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('sends contract calls on handover:invoke and resolves with the response', async () => {
    electron.invoke.mockResolvedValue({ ok: true, response: [{ id: 'c1' }] });
    await expect(bridge().invoke('clients.search', { text: 'a' })).resolves.toEqual([{ id: 'c1' }]);
    expect(electron.invoke).toHaveBeenCalledWith('handover:invoke', 'clients.search', {
      text: 'a',
    });
  });

  it('rejects when main refuses, with main’s reason', async () => {
    electron.invoke.mockResolvedValue({ ok: false, error: 'bad-request', detail: 'Enter a name' });
    await expect(bridge().invoke('clients.create', {})).rejects.toThrow(
      'Handover could not do that (bad-request: Enter a name)',
    );
    electron.invoke.mockResolvedValue(undefined);
    await expect(bridge().invoke('session.status', {})).rejects.toThrow(/bad-response/);
  });

  it('hands listeners the event data only, and unsubscribes', () => {
    const seen: unknown[] = [];
    const stop = bridge().onEvent((event) => seen.push(event));
    const relays = electron.listeners.get('handover:event');
    expect(relays?.size).toBe(1);
    for (const relay of relays ?? []) relay({ sender: 'ipcRenderer' }, { topics: ['sync'] });
    expect(seen).toEqual([{ topics: ['sync'] }]);
    stop();
    expect(electron.listeners.get('handover:event')?.size).toBe(0);
  });
});
