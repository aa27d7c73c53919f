import type { Handlers, SessionState } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import type { Me } from '#src/wire/api.ts';
import { API } from '#src/wire/api.ts';
import { DESK_SETTINGS_PATH } from '#src/wire/desk-settings.ts';
import { can } from '#src/roles.ts';
import { apiRequest } from '#main/account/server-call.ts';
import { createAutoLock, createUnlockBrake } from '#main/casework/auto-lock.ts';
import type { DeskClock } from '#main/casework/auto-lock.ts';
import type { PasswordVerifier } from '#main/keys/password-verifier.ts';
import type { DeskSettingsSource } from '#main/casework/desk-settings.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import type { Database } from '#main/store/open.ts';
import { rekeyKeptStore } from '#main/casework/store-keys.ts';
import type { RekeyHooks } from '#main/casework/store-keys.ts';
import { createStoreGate } from '#main/casework/store-gate.ts';

export type SecurityChannel =
  | 'session.unlock'
  | 'session.activity'
  | 'security.settings'
  | 'security.setAutoLock'
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
  session: () => { db: Database; me: Me; serverUrl: string; token: string } | null;
  /** The signed-in user's store id while the store is locked (signed in, not unlocked). */
  lockedStoreId: () => string | null;
  /** The desk's own unlock, after recovery has re-kept the key. */
  unlock: (passphrase: string | undefined) => Promise<Result<SessionState, Reason>>;
  /** Closes the store but keeps the sign-in, so only the passphrase is needed again. */
  lock: () => Promise<void>;
  state: () => Promise<SessionState>;
  /**
   * For a rekey: stops syncing and closes the open store, keeping the
   * session (the desk still reads as ready); the store file's path, or null
   * when nothing was open.
   */
  suspend: () => Promise<string | null>;
  /** After a rekey: reopens the store the crash-safe way (openKeptStore) and syncs again. */
  resume: (passphrase: string | undefined) => Promise<Result<SessionState, Reason>>;
  /** The local check of the user's sign-in password, for unlocking offline. */
  verifier: PasswordVerifier;
  /** The agency's desk settings as this desk knows them. */
  settings: DeskSettingsSource;
  clock: DeskClock;
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
  /** Why the open store was locked; null before it was first opened in this sign-in. */
  let lockedBecause: 'asked' | 'idle' | null = null;
  const brake = createUnlockBrake(ctx.clock);
  /** Store calls wait (or get `store-busy`) while a rekey has the store closed. */
  const gate = createStoreGate();
  /** Who is changing their store's key, while it is closed for that. */
  let changingFor: Me | null = null;

  const autoLockMinutes = (): number => ctx.settings.current().autoLockMinutes;

  const lockNow = async (why: 'asked' | 'idle'): Promise<void> => {
    autoLock.stop();
    lockedBecause = why;
    await ctx.lock();
  };
  const autoLock = createAutoLock({
    clock: ctx.clock,
    minutes: autoLockMinutes,
    lock: () => (ctx.session() === null ? Promise.resolve() : lockNow('idle')),
  });

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

  /** One try at the lock screen (inside the brake's line). */
  const unlockLocked = async (
    passphrase: string | undefined,
    password: string | undefined,
  ): Promise<Awaited<ReturnType<typeof ctx.unlock>>> => {
    const storeId = ctx.lockedStoreId();
    if (storeId === null) return ctx.unlock(passphrase);
    if (!brake.mayTry()) return err('unlock-wait');
    if (lockedBecause !== null && (await ctx.custody.custodyOf(storeId)) === 'keychain') {
      // The keychain would hand the key to anyone at this screen: the
      // user's password, checked against the local verifier, comes first.
      const checked = await ctx.verifier.check(storeId, password ?? '');
      if (checked === 'none') return err('lock-needs-sign-in');
      if (checked === 'wrong') {
        brake.wrong();
        return err('wrong-password');
      }
    }
    // A coordinator's store is wrapped with their sign-in password (desk.ts, #12).
    const secret =
      passphrase ??
      ((await ctx.custody.custodyOf(storeId)) === 'passphrase' ? password : undefined);
    const opened = await ctx.unlock(secret);
    if (!opened.ok && opened.reason === 'wrong-passphrase') brake.wrong();
    return opened;
  };

  /**
   * Where the keychain holds the key, anyone at an open desk could otherwise
   * make a recovery key (which opens the store) or rekey: the sign-in
   * password, checked locally, comes first. Passphrase stores prove the
   * passphrase by loading the key instead.
   */
  const provePassword = async (
    storeId: string,
    password: string | undefined,
  ): Promise<Result<null, Reason>> => {
    if ((await ctx.custody.custodyOf(storeId)) !== 'keychain') return ok(null);
    return brake.one(async () => {
      if (!brake.mayTry()) return err('unlock-wait');
      const checked = await ctx.verifier.check(storeId, password ?? '');
      if (checked === 'none') return err('sign-in-again');
      if (checked === 'wrong') {
        brake.wrong();
        return err('wrong-password');
      }
      brake.reset();
      return ok(null);
    });
  };

  /**
   * The rekey, with every other store call held off (the gate): the desk's
   * connection is closed, the worker copies and re-encrypts the file, and
   * the store is reopened the way unlocking does, which settles whatever a
   * failure left (store-keys.ts). The main thread stays free throughout.
   */
  const rekeyAlone = async (
    storeId: string,
    currentKey: Buffer,
    passphrase: string | null,
  ): Promise<Result<null, Reason>> => {
    changingFor = ctx.session()?.me ?? null;
    const file = await ctx.suspend();
    if (file === null) return err('not-signed-in');
    let rekeyed: Result<string, Reason> = err('rekey-failed');
    try {
      rekeyed = await rekeyKeptStore({
        custody: ctx.custody,
        storeId,
        file,
        currentKey,
        keyOptions: keyOptions(passphrase),
        ...(ctx.rekeyHooks !== undefined && { hooks: ctx.rekeyHooks }),
      });
    } finally {
      const reopened = await ctx.resume(passphrase ?? undefined);
      // Not reopened (the keychain stopped answering): the desk is locked and
      // its lock screen says so; unlocking settles the store as usual.
      if (!reopened.ok) rekeyed = rekeyed.ok ? err(reopened.reason) : rekeyed;
      changingFor = null;
    }
    if (!rekeyed.ok) return rekeyed;
    // The old recovery key opened the old key: the new one is shown once.
    toShow = rekeyed.value;
    return ok(null);
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
    'keys.newRecoveryKey': async ({ passphrase, password }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const proved = await provePassword(session.me.user.id, password);
      if (!proved.ok) return proved;
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
    'keys.rekey': async ({ passphrase, password }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const storeId = session.me.user.id;
      const proved = await provePassword(storeId, password);
      if (!proved.ok) return proved;
      // Prove the adviser knows the passphrase before touching anything.
      const current = await loadKey(storeId, passphrase);
      if (!current.ok) return current;
      try {
        const done = await gate.exclusive(() => rekeyAlone(storeId, current.value, passphrase));
        return done === 'busy' ? err('store-busy') : done;
      } finally {
        current.value.fill(0);
      }
    },
    'session.lock': async () => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      const storeId = session.me.user.id;
      // A keychain store is unlocked with the sign-in password, checked
      // locally: without its verifier nothing here could unlock it again.
      if (
        (await ctx.custody.custodyOf(storeId)) !== 'passphrase' &&
        !(await ctx.verifier.has(storeId))
      ) {
        return err('lock-needs-sign-in');
      }
      await lockNow('asked');
      return ok(await ctx.state());
    },
    'session.unlock': async ({ passphrase, password }) => {
      if (ctx.lockedStoreId() === null) return ctx.unlock(passphrase);
      return brake.one(() => unlockLocked(passphrase, password));
    },
    'session.activity': () => {
      if (ctx.session() !== null) autoLock.activity();
      return Promise.resolve(null);
    },
    'security.settings': async () => {
      // During a rekey the store is closed but the adviser is still at the desk.
      const me = ctx.session()?.me ?? changingFor;
      if (me === null) return null;
      return {
        autoLockMinutes: autoLockMinutes(),
        canChangeAutoLock: me.organisation !== null && can(me.user.role, 'agency.settings'),
        keyCustody: (await ctx.custody.custodyOf(me.user.id)) ?? ctx.custody.method(),
        ...(gate.busy() && { keyChanging: true as const }),
      };
    },
    'security.setAutoLock': async ({ autoLockMinutes: minutes }) => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      if (!can(session.me.user.role, 'agency.settings')) return err('not-allowed');
      const saved = await apiRequest(
        `${session.serverUrl}${API}${DESK_SETTINGS_PATH}`,
        session.token,
        {
          autoLockMinutes: minutes,
        },
      );
      if (!saved.ok) return saved;
      ctx.settings.changed({ autoLockMinutes: minutes });
      return ok(null);
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
    /** The desk's handlers, held off while a rekey has the store closed. */
    guard: gate.guard,
    /** Resolves once no rekey is running. */
    settled: gate.settled,
    /** Called by the desk when it has just made a new store with `key`. */
    storeCreated: async (storeId: string, key: Buffer): Promise<void> => {
      toShow = await ctx.custody.setUpRecovery(storeId, key);
    },
    /** The store was opened: idle time counts from now. */
    opened: (): void => {
      lockedBecause = null;
      brake.reset();
      autoLock.start();
    },
    /** After each online sign-in: keep the local check of the password for unlocking offline. */
    signedIn: (userId: string, password: string): Promise<void> =>
      ctx.verifier.remember(userId, password),
    /**
     * Signing in while the network cannot be reached (#5): the password is
     * checked against the local verifier kept at the last online sign-in,
     * braked like the lock screen. `none`: this computer cannot check it.
     */
    checkOffline: (userId: string, password: string): Promise<Result<null, Reason>> =>
      brake.one(async () => {
        if (!brake.mayTry()) return err('unlock-wait');
        const checked = await ctx.verifier.check(userId, password);
        if (checked === 'none') return err('server-unreachable');
        if (checked === 'wrong') {
          brake.wrong();
          return err('wrong-password');
        }
        brake.reset();
        return ok(null);
      }),
    /** What the lock screen needs to know (part of the desk's locked state). */
    lockedState: async (
      storeId: string,
    ): Promise<{ lockedBecause?: 'asked' | 'idle'; unlockWith?: 'password' }> => {
      if (lockedBecause === null) return {};
      const keychain = (await ctx.custody.custodyOf(storeId)) === 'keychain';
      return { lockedBecause, ...(keychain && { unlockWith: 'password' as const }) };
    },
    /** The session ended: forget an unconfirmed recovery key, stop counting idle time. */
    reset: (): void => {
      toShow = null;
      lockedBecause = null;
      autoLock.stop();
      brake.reset();
    },
  };
};
