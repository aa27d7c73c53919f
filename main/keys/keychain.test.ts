import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openKeychain } from '#main/keys/keychain.ts';

// A throwaway service name keeps these entries apart from anything real.
const service = `Handover-test-${randomUUID()}`;
const keychain = await openKeychain(service);
const account = `test:${randomUUID()}`;
afterAll(async () => {
  await keychain?.remove(account);
});

describe('openKeychain', () => {
  it('answers with a keychain or null, and never throws', async () => {
    const again = await openKeychain(service);
    expect(again === null).toBe(keychain === null);
  });
});

describe.skipIf(keychain === null)(
  keychain === null
    ? 'the real OS keychain — SKIPPED: no OS secret service on this machine (keytar missing or no D-Bus secret service); CI runs this under test/with-keychain.sh'
    : 'the real OS keychain',
  () => {
    it('keeps, returns and removes a secret', async () => {
      if (keychain === null) throw new Error('the keychain suite ran without a keychain');
      expect(await keychain.get(account)).toBeNull();
      await keychain.set(account, 'not a real secret');
      expect(await keychain.get(account)).toBe('not a real secret');
      await keychain.set(account, 'replaced');
      expect(await keychain.get(account)).toBe('replaced');
      await keychain.remove(account);
      expect(await keychain.get(account)).toBeNull();
      // Removing what is not there is fine.
      await keychain.remove(account);
    });

    it('keeps services apart', async () => {
      if (keychain === null) throw new Error('the keychain suite ran without a keychain');
      const other = await openKeychain(`${service}-other`);
      await keychain.set(account, 'mine');
      expect(await other?.get(account)).toBeNull();
      await keychain.remove(account);
    });
  },
);
