import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { openStore } from '#main/store/open.ts';
import { rekeyStore } from '#main/store/rekey.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * A rekey interrupted after re-encryption (the crash itself is in
 * crash.test.ts), seen from the desk: the adviser unlocks as usual, the
 * casework is all there, the change is finished, and — since the recovery
 * key made for that rekey was never shown — a new one is shown once.
 */
const PASSPHRASE = 'a passphrase for the desk';
let net: TestNetwork;
let desk: Desk;
let dir = '';
/** The worker waits after the copy until this is not 0: the test lets it go. */
const hold = new SharedArrayBuffer(4);
const steps: string[] = [];
let copied: () => void = () => undefined;
const copiedSignal = new Promise<void>((resolve) => {
  copied = resolve;
});

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'handover-rekey-desk-'));
  desk = await createDesk(
    {
      dataDir: dir,
      defaultServerUrl: net.server.url,
      deviceName: 'test',
      keychain: 'off',
      rekeyHooks: {
        holdAfterCopy: hold,
        onStep: (step) => {
          steps.push(step);
          if (step === 'copied') copied();
        },
      },
    },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
});
afterAll(async () => {
  await desk.handlers['session.signOut']({});
  await desk.close();
  await net.close();
  rmSync(dir, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
/** 0 → 'Aaa', 1 → 'Aab', …: names without digits, as a real client list has. */
const letters = (n: number): string =>
  [Math.floor(n / 676) % 26, Math.floor(n / 26) % 26, n % 26]
    .map((d, i) => String.fromCharCode((i === 0 ? 65 : 97) + d))
    .join('');
const signInAndUnlock = async () => {
  value(
    await desk.handlers['session.signIn']({
      serverUrl: net.server.url,
      email: 'alice@northgate.test',
      password: PASSWORD,
    }),
  );
  return value(await desk.handlers['session.unlock']({ passphrase: PASSPHRASE }));
};

describe('an interrupted rekey, at the desk', () => {
  it('is finished at the next unlock, with every client kept and a new recovery key shown', async () => {
    const h = desk.handlers;
    const ready = await signInAndUnlock();
    if (ready.state !== 'ready') throw new Error('not ready');
    const storeId = ready.me.user.id;
    const first = (await h['keys.recoveryKey']({})).recoveryKey ?? '';
    value(await h['keys.confirmRecoverySaved']({ lastGroup: first.slice(-4) }));
    value(
      await h['clients.create']({
        name: 'Rhea Rekeyed',
        dateOfBirth: null,
        phone: '',
        email: '',
        address: '',
        postcode: '',
        preferredContact: null,
      }),
    );
    await h['session.signOut']({});

    // What the desk's rekey leaves when the process dies after re-encrypting.
    const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
    const key = await custody.load(storeId, { passphrase: PASSPHRASE });
    if (!key.ok) throw new Error(key.reason);
    const file = join(dir, 'stores', `${storeId}.db`);
    const db = openStore(file, key.value, MIGRATIONS);
    key.value.fill(0);
    if (!db.ok) throw new Error(db.reason);
    const next = Buffer.alloc(32, 0x5a);
    expect((await custody.stagePending(storeId, next, { passphrase: PASSPHRASE })).ok).toBe(true);
    rekeyStore(db.value, next);
    db.value.close();

    await signInAndUnlock();
    expect((await h['casework.search']({ text: '' })).map((c) => c.name)).toEqual(['Rhea Rekeyed']);
    const shown = (await h['keys.recoveryKey']({})).recoveryKey;
    expect(shown).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(shown).not.toBe(first);
    expect(await custody.hasPending(storeId)).toBe(false);
    const onRecord = await custody.load(storeId, { passphrase: PASSPHRASE });
    expect(onRecord.ok && onRecord.value.equals(next)).toBe(true);
    expect(readdirSync(join(dir, 'keys')).filter((f) => f.includes('pending'))).toEqual([]);
    // The recovery key shown opens the store.
    const recovered = await custody.recover(storeId, shown ?? '', { passphrase: PASSPHRASE });
    expect(recovered.ok && recovered.value.equals(next)).toBe(true);
  });

  it('keeps answering while the key is changed: other calls answer or wait, never block', async () => {
    const h = desk.handlers;
    const ready = await signInAndUnlock();
    if (ready.state !== 'ready') throw new Error('not ready');
    const storeId = ready.me.user.id;
    const shownBefore = (await h['keys.recoveryKey']({})).recoveryKey;
    if (shownBefore !== null) {
      value(await h['keys.confirmRecoverySaved']({ lastGroup: shownBefore.slice(-4) }));
    }
    // A caseload big enough that copying it is real work.
    const imported = value(
      await h['clients.import']({
        csv: ['name', ...Array.from({ length: 1_500 }, (_, i) => `Held Client ${letters(i)}`)].join(
          '\n',
        ),
        mapping: {
          name: 0,
          otherNames: null,
          dateOfBirth: null,
          phone: null,
          email: null,
          address: null,
          postcode: null,
          language: null,
          household: null,
        },
      }),
    );
    expect(imported.imported).toBe(1_500);

    let rekeyAnswered = false;
    const rekeying = h['keys.rekey']({ passphrase: PASSPHRASE }).then((answer) => {
      rekeyAnswered = true;
      return answer;
    });
    // The worker has written the copy and is held there (its thread blocked,
    // as in a long write), before re-encrypting: the rekey cannot finish
    // until the test lets it go, whatever the machine's speed.
    await copiedSignal;
    expect(steps).toEqual(['copying', 'copied']);

    // Meanwhile the desk answers: its state, the Security screen's settings…
    expect(await h['session.status']({})).toMatchObject({ state: 'ready' });
    expect(await h['security.settings']({})).toMatchObject({ keyChanging: true });
    // …a key change or a lock, with a reason the screen shows in words…
    expect(
      await h['keys.changePassphrase']({
        oldPassphrase: PASSPHRASE,
        newPassphrase: 'another long passphrase',
      }),
    ).toEqual({ ok: false, reason: 'store-busy' });
    expect(await h['session.lock']({})).toEqual({ ok: false, reason: 'store-busy' });
    // …and store calls wait for the store rather than fail.
    let created = false;
    const creating = h['clients.create']({
      name: 'Added While Held',
      dateOfBirth: null,
      phone: '',
      email: '',
      address: '',
      postcode: '',
      preferredContact: null,
    }).then((answer) => {
      created = true;
      return answer;
    });
    // The event loop turns freely while the rekey is held.
    let ticks = 0;
    for (let i = 0; i < 20; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      ticks += 1;
    }
    expect(ticks).toBe(20);
    expect(rekeyAnswered).toBe(false);
    expect(created).toBe(false);

    // Let the worker go: the rekey finishes, then the waiting call runs.
    const flag = new Int32Array(hold);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    expect(await rekeying).toEqual({ ok: true, value: null });
    expect(steps).toEqual(['copying', 'copied', 'rekeyed']);
    expect(value(await creating).name).toBe('Added While Held');
    expect(await h['security.settings']({})).not.toHaveProperty('keyChanging');
    for (const name of [
      'Added While Held',
      `Held Client ${letters(0)}`,
      `Held Client ${letters(1_499)}`,
    ]) {
      expect((await h['casework.search']({ text: name })).map((c) => c.name)).toContain(name);
    }

    // Under the new key, with its recovery key shown; no copy left beside the store.
    const shown = (await h['keys.recoveryKey']({})).recoveryKey;
    expect(shown).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const custody = createKeyCustody({ dir: join(dir, 'keys'), keychain: null });
    expect(await custody.hasPending(storeId)).toBe(false);
    expect(readdirSync(join(dir, 'stores')).filter((f) => f.startsWith(storeId))).toEqual(
      expect.not.arrayContaining([expect.stringContaining('before-rekey')]),
    );
    const recovered = await custody.recover(storeId, shown ?? '', { passphrase: PASSPHRASE });
    expect(recovered.ok).toBe(true);
  });
});
