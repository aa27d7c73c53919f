import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyCustody } from '#main/keys/custody.ts';
import { openKeychain } from '#main/keys/keychain.ts';
import type { Keychain } from '#main/keys/keychain.ts';

const PASSPHRASE = 'a long enough passphrase';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-keys-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const recordPath = (storeId: string): string => join(dir, `${storeId}.key.json`);

describe('key custody without a keychain (passphrase)', () => {
  const custodian = () => createKeyCustody({ dir, keychain: null });

  it('keeps keys with a passphrase', () => {
    expect(custodian().method()).toBe('passphrase');
  });

  it('creates a random 256-bit key, wrapped in a 0600 record, and loads it back', async () => {
    const custody = custodian();
    const storeId = randomUUID();
    expect(await custody.has(storeId)).toBe(false);
    expect(await custody.custodyOf(storeId)).toBeNull();

    const created = await custody.create(storeId, { passphrase: PASSPHRASE });
    if (!created.ok) throw new Error(created.reason);
    expect(created.value).toHaveLength(32);
    expect(await custody.has(storeId)).toBe(true);
    expect(await custody.custodyOf(storeId)).toBe('passphrase');

    if (process.platform !== 'win32') {
      expect(statSync(recordPath(storeId)).mode & 0o777).toBe(0o600);
    }
    const record = readFileSync(recordPath(storeId), 'utf8');
    expect(record).not.toContain(created.value.toString('base64'));
    expect(record).not.toContain(created.value.toString('hex'));
    // No temp files left behind.
    expect(readdirSync(dir)).toEqual([`${storeId}.key.json`]);

    const loaded = await custodian().load(storeId, { passphrase: PASSPHRASE });
    expect(loaded.ok && loaded.value.equals(created.value)).toBe(true);
  });

  it('gives every store its own key', async () => {
    const custody = custodian();
    const a = await custody.create(randomUUID(), { passphrase: PASSPHRASE });
    const b = await custody.create(randomUUID(), { passphrase: PASSPHRASE });
    expect(a.ok && b.ok && !a.value.equals(b.value)).toBe(true);
  });

  it('asks for a passphrase, and one long enough, before creating anything', async () => {
    const custody = custodian();
    const storeId = randomUUID();
    expect(await custody.create(storeId)).toEqual({ ok: false, reason: 'passphrase-needed' });
    expect(await custody.create(storeId, { passphrase: 'too short' })).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
    });
    expect(await custody.has(storeId)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('needs the right passphrase to load', async () => {
    const custody = custodian();
    const storeId = randomUUID();
    await custody.create(storeId, { passphrase: PASSPHRASE });
    expect(await custody.load(storeId)).toEqual({ ok: false, reason: 'passphrase-needed' });
    expect(await custody.load(storeId, { passphrase: 'not the passphrase' })).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
  });

  it('says key-missing for a store it has no key for', async () => {
    expect(await custodian().load(randomUUID(), { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      reason: 'key-missing',
    });
  });

  it('never replaces an existing key, even when asked twice at once', async () => {
    const custody = custodian();
    const storeId = randomUUID();
    const first = await custody.create(storeId, { passphrase: PASSPHRASE });
    await expect(custody.create(storeId, { passphrase: PASSPHRASE })).rejects.toThrow(
      /refusing to replace/,
    );

    const racing = randomUUID();
    const outcomes = await Promise.allSettled([
      custody.create(racing, { passphrase: PASSPHRASE }),
      custody.create(racing, { passphrase: PASSPHRASE }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);

    const loaded = await custody.load(storeId, { passphrase: PASSPHRASE });
    expect(first.ok && loaded.ok && loaded.value.equals(first.value)).toBe(true);
  });

  it('refuses a store id that is not a UUID (a bug)', async () => {
    const custody = custodian();
    await expect(custody.has('../../etc/passwd')).rejects.toThrow(/UUID/);
    await expect(custody.create('store-1', { passphrase: PASSPHRASE })).rejects.toThrow(/UUID/);
  });

  it('reports a damaged record as key-missing, and still never replaces it', async () => {
    const custody = custodian();
    const storeId = randomUUID();
    writeFileSync(recordPath(storeId), '{"format":"handover-key-custody","vers');
    expect(await custody.has(storeId)).toBe(true);
    expect(await custody.custodyOf(storeId)).toBeNull();
    expect(await custody.load(storeId, { passphrase: PASSPHRASE })).toEqual({
      ok: false,
      reason: 'key-missing',
      detail: 'the key record is damaged',
    });
    await expect(custody.create(storeId, { passphrase: PASSPHRASE })).rejects.toThrow(
      /refusing to replace/,
    );
  });

  it("will not open one store's key record as another's", async () => {
    const custody = custodian();
    const a = randomUUID();
    const b = randomUUID();
    await custody.create(a, { passphrase: PASSPHRASE });
    writeFileSync(recordPath(b), readFileSync(recordPath(a)));
    expect(await custody.load(b, { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      reason: 'key-missing',
    });
  });

  it('says keychain-unavailable for a keychain store when there is no keychain', async () => {
    const storeId = randomUUID();
    writeFileSync(
      recordPath(storeId),
      JSON.stringify({
        format: 'handover-key-custody',
        version: 1,
        custody: 'keychain',
        account: `store:${storeId}`,
      }),
    );
    const custody = custodian();
    expect(await custody.custodyOf(storeId)).toBe('keychain');
    expect(await custody.load(storeId, { passphrase: PASSPHRASE })).toEqual({
      ok: false,
      reason: 'keychain-unavailable',
    });
  });
});

// The real OS keychain, when this machine has one. A throwaway service name
// keeps these entries apart from anything real; they are removed afterwards.
const service = `Handover-test-${randomUUID()}`;
const keychain = await openKeychain(service);
const unreachable = (): never => {
  throw new Error('the keychain suite ran without a keychain');
};
const madeAccounts: string[] = [];
afterAll(async () => {
  for (const account of madeAccounts) await keychain?.remove(account);
});

describe.skipIf(keychain === null)(
  keychain === null
    ? 'key custody in the real OS keychain — SKIPPED: no OS secret service on this machine (keytar missing or no D-Bus secret service); CI runs this under test/with-keychain.sh'
    : 'key custody in the real OS keychain',
  () => {
    const chain: Keychain = {
      // The suite is skipped when there is no keychain, so these never see null.
      get: (account) => (keychain ?? unreachable()).get(account),
      set: (account, secret) => (keychain ?? unreachable()).set(account, secret),
      remove: (account) => (keychain ?? unreachable()).remove(account),
    };

    it('keeps keys in the keychain when there is one', () => {
      expect(createKeyCustody({ dir, keychain: chain }).method()).toBe('keychain');
    });

    it('creates a key in the keychain, records only where it is, and loads it back', async () => {
      const custody = createKeyCustody({ dir, keychain: chain });
      const storeId = randomUUID();
      madeAccounts.push(`store:${storeId}`);
      const created = await custody.create(storeId);
      if (!created.ok) throw new Error(created.reason);
      expect(created.value).toHaveLength(32);
      expect(await custody.custodyOf(storeId)).toBe('keychain');
      expect(await chain.get(`store:${storeId}`)).toBe(created.value.toString('base64'));

      const record = readFileSync(recordPath(storeId), 'utf8');
      expect(JSON.parse(record)).toEqual({
        format: 'handover-key-custody',
        version: 1,
        custody: 'keychain',
        account: `store:${storeId}`,
      });

      const loaded = await createKeyCustody({ dir, keychain: chain }).load(storeId);
      expect(loaded.ok && loaded.value.equals(created.value)).toBe(true);

      // Same record, no keychain on this run: say so, do not ask for a passphrase.
      expect(await createKeyCustody({ dir, keychain: null }).load(storeId)).toEqual({
        ok: false,
        reason: 'keychain-unavailable',
      });

      // The keychain entry removed behind our back: the key is missing.
      await chain.remove(`store:${storeId}`);
      expect(await custody.load(storeId)).toMatchObject({ ok: false, reason: 'key-missing' });
    });

    it('still opens a passphrase store after a keychain appears', async () => {
      const storeId = randomUUID();
      const created = await createKeyCustody({ dir, keychain: null }).create(storeId, {
        passphrase: PASSPHRASE,
      });
      const custody = createKeyCustody({ dir, keychain: chain });
      expect(await custody.custodyOf(storeId)).toBe('passphrase');
      expect(await custody.load(storeId)).toEqual({ ok: false, reason: 'passphrase-needed' });
      const loaded = await custody.load(storeId, { passphrase: PASSPHRASE });
      expect(created.ok && loaded.ok && loaded.value.equals(created.value)).toBe(true);
    });

    it('keeps a pending key (rekey) in its own keychain entry and promotes it', async () => {
      const custody = createKeyCustody({ dir, keychain: chain });
      const storeId = randomUUID();
      madeAccounts.push(`store:${storeId}`, `store:${storeId}:pending`);
      const created = await custody.create(storeId);
      if (!created.ok) throw new Error(created.reason);
      await custody.setUpRecovery(storeId, created.value);
      const next = Buffer.alloc(32, 0x42);
      const staged = await custody.stagePending(storeId, next);
      if (!staged.ok) throw new Error(staged.reason);
      expect(await chain.get(`store:${storeId}:pending`)).toBe(next.toString('base64'));
      // Staged only: the current key is untouched.
      const current = await custody.load(storeId);
      expect(current.ok && current.value.equals(created.value)).toBe(true);
      const pending = await custody.loadPending(storeId);
      expect(pending.ok && pending.value.equals(next)).toBe(true);

      expect(await custody.promotePending(storeId)).toEqual({ ok: true, value: null });
      const promoted = await custody.load(storeId);
      expect(promoted.ok && promoted.value.equals(next)).toBe(true);
      expect(await chain.get(`store:${storeId}:pending`)).toBeNull();
      expect(await custody.hasPending(storeId)).toBe(false);
      const recovered = await custody.recover(storeId, staged.value);
      expect(recovered.ok && recovered.value.equals(next)).toBe(true);
    });

    it('discards a pending key from the keychain', async () => {
      const custody = createKeyCustody({ dir, keychain: chain });
      const storeId = randomUUID();
      madeAccounts.push(`store:${storeId}`, `store:${storeId}:pending`);
      const created = await custody.create(storeId);
      if (!created.ok) throw new Error(created.reason);
      await custody.stagePending(storeId, Buffer.alloc(32, 0x17));
      await custody.discardPending(storeId);
      expect(await chain.get(`store:${storeId}:pending`)).toBeNull();
      expect(await custody.hasPending(storeId)).toBe(false);
      const current = await custody.load(storeId);
      expect(current.ok && current.value.equals(created.value)).toBe(true);
    });

    it('never overwrites a key the keychain already holds for that store', async () => {
      const storeId = randomUUID();
      madeAccounts.push(`store:${storeId}`);
      await chain.set(`store:${storeId}`, 'an older key');
      await expect(createKeyCustody({ dir, keychain: chain }).create(storeId)).rejects.toThrow(
        /already holds a key/,
      );
      expect(await chain.get(`store:${storeId}`)).toBe('an older key');
    });
  },
);
