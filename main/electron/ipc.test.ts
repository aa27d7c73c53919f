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
const ID = '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';
const CLIENT = {
  name: 'Jane Doe',
  dateOfBirth: null,
  phone: '',
  email: '',
  address: '',
  postcode: '',
  preferredContact: null,
};

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

  // Issue #12: a note with NUL reached the outbox and jammed it. Refused at the door, by reason.
  it.each([
    ['a referral note', 'referrals.act', { id: ID, input: { action: 'note', text: 'ok\u0000' } }],
    ['a case note', 'cases.addNote', { caseId: ID, text: 'line one\nline two\u0000' }],
    ['a client name', 'clients.create', { ...CLIENT, name: 'Jane\u0007 Doe' }],
    ['a client name on two lines', 'clients.create', { ...CLIENT, name: 'Jane\nDoe' }],
    ['half a character', 'clients.search', { text: 'smith\uD800' }],
    ['a gap', 'provision.recordGap', { issue: 'debt', area: 'NR1', why: 'none\u0000' }],
  ])('refuses %s with NUL or a control character before the desk sees it', async (_n, ch, req) => {
    const { call, calls } = setup();
    const outcome = await call(topFrame(`${APP}/`), ch, req);
    expect(outcome).toMatchObject({ ok: false, error: 'invalid-text' });
    expect(calls).toEqual([]);
  });

  it('takes new lines and tabs in a note, and the same note without NUL', async () => {
    const { call, calls } = setup();
    const note = { caseId: ID, text: 'line one\r\n\tline two' };
    expect(await call(topFrame(`${APP}/`), 'cases.addNote', note)).toMatchObject({ ok: true });
    expect(calls).toEqual([
      { channel: 'cases.addNote', request: { caseId: ID, text: 'line one\n\tline two' } },
    ]);
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
