import type { Handlers, SessionState } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import type { Me } from '#src/wire/api.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import type { Database } from '#main/store/open.ts';
import { rekeyKeptStore } from '#main/casework/store-keys.ts';
import type { RekeyHooks } from '#main/casework/store-keys.ts';

export type SecurityChannel =
  | 'keys.recoveryKey'
  | 'keys.confirmRecoverySaved'
  | 'keys.newRecoveryKey'
  | 'keys.changePassphrase'
  | 'keys.rekey'
  | 'session.recover'
  | 'session.lock';

export type SecurityContext = {
  custody: KeyCustodian;
  /** The open store and who is signed in; null while signed out or locked. */
  session: () => { db: Database; me: Me } | null;
  /** The signed-in user's store id while the store is locked (signed in, not unlocked). */
  lockedStoreId: () => string | null;
  /** The desk's own unlock, after recovery has re-kept the key. */
  unlock: (passphrase: string | undefined) => Promise<Result<SessionState, Reason>>;
  /** Closes the store but keeps the sign-in, so only the passphrase is needed again. */
  lock: () => Promise<void>;
  state: () => Promise<SessionState>;
  rekeyHooks?: RekeyHooks;
};

/**
 * The store's keys, seen from the adviser's side: the recovery key shown once
 * (and confirmed), a new recovery key, changing the passphrase, rekeying, and
 * reopening with the recovery key. Store keys never leave main/; the recovery
 * key's text reaches the renderer exactly once, to be written down.
 */
export const securityFeature = (ctx: SecurityContext) => {
  /** A recovery key made in this session and not yet confirmed as saved. */
  let toShow: string | null = null;

  const keyOptions = (passphrase: string | null): { passphrase?: string } =>
    passphrase === null ? {} : { passphrase };

  const loadKey = async (
    storeId: string,
    passphrase: string | null,
  ): Promise<Result<Buffer, Reason>> => {
    const key = await ctx.custody.load(storeId, keyOptions(passphrase));
    if (key.ok) return key;
    return err(key.reason === 'passphrase-needed' ? 'wrong-passphrase' : key.reason);
  };

  const handlers: Pick<Handlers, SecurityChannel> = {
    'keys.recoveryKey': () =>
      Promise.resolve({ recoveryKey: ctx.session() === null ? null : toShow }),
    'keys.confirmRecoverySaved': ({ lastGroup }) => {
      if (toShow === null) return Promise.resolve(ok(null));
      const last = toShow.split('-').pop() ?? '';
      if (lastGroup.trim().toUpperCase() !== last) {
        return Promise.resolve(err('recovery-key-mismatch'));
      }
      toShow = null;
      return Promise.resolve(ok(null));
    },
    'keys.newRecoveryKey': async ({ passphrase }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const key = await loadKey(session.me.user.id, passphrase);
      if (!key.ok) return key;
      try {
        toShow = await ctx.custody.setUpRecovery(session.me.user.id, key.value);
        return ok(null);
      } finally {
        key.value.fill(0);
      }
    },
    'keys.changePassphrase': async ({ oldPassphrase, newPassphrase }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const changed = await ctx.custody.changePassphrase(
        session.me.user.id,
        oldPassphrase,
        newPassphrase,
      );
      return changed.ok ? ok(null) : err(changed.reason);
    },
    'keys.rekey': async ({ passphrase }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const storeId = session.me.user.id;
      // Prove the adviser knows the passphrase before touching anything.
      const current = await loadKey(storeId, passphrase);
      if (!current.ok) return current;
      current.value.fill(0);
      const rekeyed = await rekeyKeptStore({
        custody: ctx.custody,
        storeId,
        db: session.db,
        keyOptions: keyOptions(passphrase),
        ...(ctx.rekeyHooks !== undefined && { hooks: ctx.rekeyHooks }),
      });
      if (!rekeyed.ok) return rekeyed;
      // The old recovery key opened the old key: the new one is shown once.
      toShow = rekeyed.value;
      return ok(null);
    },
    'session.lock': async () => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      // With the key in the keychain nothing local would be asked to unlock
      // again, so locking would hide nothing: refused until the desk can check
      // the user's password offline.
      if ((await ctx.custody.custodyOf(session.me.user.id)) !== 'passphrase') {
        return err('lock-needs-passphrase');
      }
      await ctx.lock();
      return ok(await ctx.state());
    },
    'session.recover': async ({ recoveryKey, newPassphrase }) => {
      const storeId = ctx.lockedStoreId();
      if (storeId === null) return err('not-signed-in');
      const recovered = await ctx.custody.recover(storeId, recoveryKey, keyOptions(newPassphrase));
      if (!recovered.ok) {
        return err(
          recovered.reason === 'passphrase-needed' ? 'passphrase-too-short' : recovered.reason,
        );
      }
      recovered.value.fill(0);
      return ctx.unlock(newPassphrase ?? undefined);
    },
  };

  return {
    handlers,
    /** Called by the desk when it has just made a new store with `key`. */
    storeCreated: async (storeId: string, key: Buffer): Promise<void> => {
      toShow = await ctx.custody.setUpRecovery(storeId, key);
    },
    /** Forget an unconfirmed recovery key when the session ends. */
    reset: (): void => {
      toShow = null;
    },
  };
};
