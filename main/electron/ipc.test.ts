import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '#src/contract.ts';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';
import { INVOKE_CHANNEL } from '#main/electron/ipc-channels.ts';
import { arrivalNotice, forwardDeskEvents, registerDeskIpc } from '#main/electron/ipc.ts';
import type { InvokeEvent, IpcMainLike } from '#main/electron/ipc.ts';
import { trustedSender } from '#main/electron/security.ts';

// ipc.ts never imports electron at run time; this keeps any accidental use loud.
vi.mock('electron', () => ({}));

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

/** A stand-in for ipcMain: records the one handler and lets the test call it. */
const fakeIpcMain = () => {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const call = (event: InvokeEvent, ...args: unknown[]): Promise<unknown> => {
    const handler = handlers.get(INVOKE_CHANNEL);
    if (handler === undefined) throw new Error('no handler registered');
    return Promise.resolve(handler(event, ...args));
  };
  return { ipc, handlers, call };
};

/** A desk whose handlers are plain recording functions (no store behind them). */
const fakeDesk = () => {
  const calls: { channel: string; request: unknown }[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      (request: unknown) => {
        calls.push({ channel, request });
        return Promise.resolve({ handledBy: channel });
      },
    ]),
  ) as unknown as Handlers;
  const listeners = new Set<(event: DeskEvent) => void>();
  const desk: Desk = {
    handlers,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => Promise.resolve(),
  };
  const emit = (event: DeskEvent): void => {
    for (const listener of listeners) listener(event);
  };
  return { desk, calls, emit, listeners };
};

const APP = 'handover://app';
const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('registerDeskIpc', () => {
  const setup = () => {
    const main = fakeIpcMain();
    const desk = fakeDesk();
    const unregister = registerDeskIpc(main.ipc, desk.desk, trustedSender([APP]));
    return { ...main, ...desk, unregister };
  };

  it('passes a valid request from the app’s top frame to the desk, parsed', async () => {
    const { call, calls } = setup();
    const outcome = await call(topFrame(`${APP}/index.html`), 'clients.create', {
      name: '  Ann Example  ',
      dateOfBirth: null,
      phone: '',
      email: '',
      address: null,
      postcode: null,
      preferredContact: null,
    });
    expect(outcome).toEqual({ ok: true, response: { handledBy: 'clients.create' } });
    // The handler sees the parsed request (trimmed, blanks made null), not the raw one.
    expect(calls).toEqual([
      {
        channel: 'clients.create',
        request: {
          name: 'Ann Example',
          dateOfBirth: null,
          phone: null,
          email: null,
          address: null,
          postcode: null,
          preferredContact: null,
        },
      },
    ]);
  });

  it.each([
    ['another origin', topFrame('https://evil.example/index.html')],
    ['file://', topFrame('file:///tmp/index.html')],
    ['an iframe inside the app', { senderFrame: { url: `${APP}/x`, parent: { url: APP } } }],
    ['a frame that has gone', { senderFrame: null }],
  ])('refuses %s without calling the desk', async (_name, event) => {
    const { call, calls } = setup();
    const outcome = await call(event, 'clients.search', { text: 'smith' });
    expect(outcome).toMatchObject({ ok: false, error: 'untrusted-sender' });
    expect(calls).toEqual([]);
  });

  it('refuses unknown channels, including ones on Object.prototype', async () => {
    const { call, calls } = setup();
    for (const channel of ['clients.delete', 'constructor', '__proto__', 42]) {
      const outcome = await call(topFrame(`${APP}/`), channel, {});
      expect(outcome).toMatchObject({ ok: false, error: 'unknown-channel' });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a request that does not match the channel’s schema', async () => {
    const { call, calls } = setup();
    for (const request of [undefined, null, 'x', { id: 'not-a-uuid' }]) {
      const outcome = await call(topFrame(`${APP}/`), 'clients.get', request);
      expect(outcome).toMatchObject({ ok: false, error: 'bad-request' });
    }
    expect(calls).toEqual([]);
  });

  it('removes its handler', () => {
    const { handlers, unregister } = setup();
    expect(handlers.has(INVOKE_CHANNEL)).toBe(true);
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('desk events', () => {
  it('forwards every event and notifies only when referrals arrive', () => {
    const { desk, emit, listeners } = fakeDesk();
    const sent: DeskEvent[] = [];
    const notices: unknown[] = [];
    const stop = forwardDeskEvents(desk, {
      send: (event) => sent.push(event),
      notify: (notice) => notices.push(notice),
    });
    emit({ topics: ['sync'] });
    emit({ topics: ['referrals'], arrived: 2 });
    expect(sent).toEqual([{ topics: ['sync'] }, { topics: ['referrals'], arrived: 2 }]);
    expect(notices).toEqual([
      {
        title: 'New referral received',
        body: '2 referrals are waiting for your agency in Handover.',
      },
    ]);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('says nothing for no arrivals or nonsense counts', () => {
    for (const arrived of [undefined, 0, -1, 1.5, Number.NaN])
      expect(arrivalNotice({ topics: ['referrals'], arrived })).toBeNull();
    expect(arrivalNotice({ topics: ['referrals'], arrived: 1 })?.title).toBe(
      'New referral received',
    );
  });
});
