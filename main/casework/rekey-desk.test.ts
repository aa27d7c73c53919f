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

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'handover-rekey-desk-'));
  desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off' },
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
});
