import { describe, expect, it } from 'vitest';
import type { Handlers } from '#src/contract.ts';
import { createStoreGate } from '#main/casework/store-gate.ts';

/**
 * The gate that holds store calls off while a rekey has the store closed.
 * Each step is decided by promises the test resolves, never by time.
 */

/** A promise and the function that settles it. */
const later = <T>() => {
  let settle: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
};

/** Marks when a promise has settled, to look at without waiting for it. */
const watch = <T>(promise: Promise<T>) => {
  const seen = { done: false, value: undefined as T | undefined };
  void promise.then((value) => {
    seen.done = true;
    seen.value = value;
  });
  return seen;
};

/** Lets every already-settled promise run its callbacks. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('the store gate', () => {
  it('starts a rekey only after the store calls in flight finish, and holds new ones off until it ends', async () => {
    const gate = createStoreGate();
    const inFlight = later<string[]>();
    const order: string[] = [];
    // Only the channels this test uses; the gate wraps whatever it is given.
    const handlers = gate.guard({
      'casework.search': async () => {
        order.push('search started');
        const found = await inFlight.promise;
        order.push('search finished');
        return found;
      },
      'clients.search': () => {
        order.push('list ran');
        return Promise.resolve([]);
      },
      'session.status': () => Promise.resolve({ state: 'signed-out' }),
      'keys.changePassphrase': () => Promise.resolve({ ok: true, value: null }),
    } as unknown as Handlers);

    const search = watch(handlers['casework.search']({ text: '' }));
    await flush();
    const rekeyGo = later<null>();
    const rekey = watch(
      gate.exclusive(async () => {
        order.push('rekey started');
        await rekeyGo.promise;
        order.push('rekey finished');
        return 'rekeyed';
      }),
    );
    await flush();
    // The search in flight keeps the rekey from starting…
    expect(order).toEqual(['search started']);
    expect(gate.busy()).toBe(true);
    // …and, meanwhile, calls that do not touch the store answer,
    expect(await handlers['session.status']({})).toEqual({ state: 'signed-out' });
    // a key change is refused with a reason,
    expect(
      await handlers['keys.changePassphrase']({ oldPassphrase: 'a', newPassphrase: 'b' }),
    ).toEqual({ ok: false, reason: 'store-busy' });
    // another rekey is refused,
    expect(await gate.exclusive(() => Promise.resolve('second'))).toBe('busy');
    // and a store call waits.
    const list = watch(handlers['clients.search']({ text: '' }));
    inFlight.settle(['found']);
    await flush();
    expect(search.value).toEqual(['found']);
    expect(order).toEqual(['search started', 'search finished', 'rekey started']);
    expect(list.done).toBe(false);

    rekeyGo.settle(null);
    await flush();
    expect(rekey.value).toBe('rekeyed');
    expect(list.done).toBe(true);
    expect(order).toEqual([
      'search started',
      'search finished',
      'rekey started',
      'rekey finished',
      'list ran',
    ]);
    expect(gate.busy()).toBe(false);
  });

  it('lets calls through again after a rekey that failed', async () => {
    const gate = createStoreGate();
    const handlers = gate.guard({
      'clients.search': () => Promise.resolve([]),
    } as unknown as Handlers);
    await expect(gate.exclusive(() => Promise.reject(new Error('a bug')))).rejects.toThrow('a bug');
    expect(gate.busy()).toBe(false);
    expect(await handlers['clients.search']({ text: '' })).toEqual([]);
  });
});
