import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskEvent, DeskReferral, Handlers, SessionState } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { meSchema, type Me } from '#src/wire/api.ts';
import { can } from '#src/roles.ts';
import type { Desk, DeskOptions } from '#main/desk-api.ts';
import { actOnReferral, sendReferral } from '#main/casework/referrals.ts';
import { referralHandlers } from '#main/referrals/handlers.ts';
import { inboxHandlers } from '#main/referrals/inbox.ts';
import { attachmentHandlers } from '#main/referrals/attachments.ts';
import { agencyContactHandlers } from '#main/referrals/agency-contact.ts';
import { accountHandlers } from '#main/account/handlers.ts';
import { networkHandlers } from '#main/network/handlers.ts';
import { isInsecureRemote } from '#main/account/insecure.ts';
import { caseworkHandlers } from '#main/casework/handlers.ts';
import { securityFeature } from '#main/casework/security.ts';
import { backupFeature } from '#main/casework/backup-handlers.ts';
import { openKeptStore } from '#main/casework/store-keys.ts';
import { systemClock } from '#main/casework/auto-lock.ts';
import { retentionFeature } from '#main/casework/retention-handlers.ts';
import { deskSettingsSource } from '#main/casework/desk-settings.ts';
import { caseSeriesKeeper } from '#main/casework/case-series.ts';
import { createPasswordVerifier } from '#main/keys/password-verifier.ts';
import { KEY_BYTES } from '#main/keys/passphrase.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import { openKeychain } from '#main/keys/keychain.ts';
import { readProfile, writeProfile } from '#main/profile.ts';
import { createClient, getClient, searchClients } from '#main/store/clients.ts';
import type { Database } from '#main/store/open.ts';
import { directoryHandlers } from '#main/directory/handlers.ts';
import { provisionHandlers } from '#main/directory/provision-handlers.ts';
import { upkeepHandlers } from '#main/directory/upkeep-handlers.ts';
import { organisationHandlers } from '#main/directory/organisation-handlers.ts';
import { bulletinHandlers } from '#main/directory/bulletin-handlers.ts';
import { joinHandlers } from '#main/directory/join-handlers.ts';
import { taxonomyHandlers } from '#main/directory/taxonomy-handlers.ts';
import { deleteMeta, getMeta, setMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import { getReferral, listReferrals } from '#main/store/referrals.ts';
import { MIGRATIONS } from '#main/store/schema.ts';
import { createSyncEngine, DEFAULT_SYNC_OPTIONS } from '#main/sync/engine.ts';
import type { SyncEngine, SyncOptions } from '#main/sync/engine.ts';
import { setAsideHandlers } from '#main/sync/set-aside-handlers.ts';
import { normaliseServerUrl, serverApi, signIn } from '#main/sync/server-api.ts';
import type { ApiFailure } from '#main/sync/server-api.ts';

/**
 * The desk: composes key custody, the encrypted store and the sync engine
 * behind the contract's handlers. Session states:
 *   signed-out → (sign in at the server) → locked → (key from keychain or
 *   passphrase; store opened) → ready.
 * The session token is kept only inside the encrypted store (and in memory
 * between sign-in and unlock).
 */

type SignedIn = { serverUrl: string; token: string; me: Me };
/**
 * Signed in, store not open yet. `session` is null after an offline sign-in
 * (#5): the token and who this is are then read from the store itself.
 */
type Pending = {
  serverUrl: string;
  userId: string;
  email: string;
  session: { token: string; me: Me } | null;
};
type Open = SignedIn & { db: Database; engine: SyncEngine };

/** The session kept in a store at its last online sign-in (absent after signing out). */
const keptSession = (db: Database): { token: string; me: Me } | null => {
  const token = getMeta(db, 'session-token');
  const me = meSchema.safeParse(JSON.parse(getMeta(db, 'me') ?? 'null'));
  return token === null || token === '' || !me.success ? null : { token, me: me.data };
};

const STORE_WAIT_MS = 3_000;

/**
 * Whether the account keeps casework on this computer (#12): advisers and
 * leads do. A coordinator's store holds only their session and the directory
 * copy, so it is locked with their sign-in password, without a passphrase to
 * choose or a recovery key to save: there is no casework to protect or recover.
 */
const holdsCasework = (me: Me | undefined): boolean =>
  me === undefined || can(me.user.role, 'casework.series');

const apiReason = (failure: ApiFailure): Reason => failure;

export const createDesk = async (
  options: DeskOptions,
  sync: Partial<SyncOptions> = {},
): Promise<Desk> => {
  const syncOptions: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...sync };
  mkdirSync(join(options.dataDir, 'stores'), { recursive: true, mode: 0o700 });
  const keychain = options.keychain === 'off' ? null : await openKeychain();
  const custody: KeyCustodian = createKeyCustody({
    dir: join(options.dataDir, 'keys'),
    keychain,
  });
  const listeners = new Set<(event: DeskEvent) => void>();
  const emit = (event: DeskEvent): void => {
    for (const listener of listeners) listener(event);
  };

  let pending: Pending | null = null;
  let signedOutWhy: Reason | null = null;
  let open: Open | null = null;
  /** The session whose store is closed while its key is changed (#5): still ready to the user. */
  let rekeying: SignedIn | null = null;

  const state = async (): Promise<SessionState> => {
    const shown = open ?? rekeying;
    if (shown !== null) {
      return {
        state: 'ready',
        serverUrl: shown.serverUrl,
        keyCustody: custody.method(),
        me: shown.me,
      };
    }
    if (pending !== null) {
      return {
        state: 'locked',
        serverUrl: pending.serverUrl,
        keyCustody: custody.method(),
        newStore: !(await custody.has(pending.userId)),
        email: pending.email,
        ...(await security.lockedState(pending.userId)),
        // A coordinator's store is locked with their sign-in password (no passphrase of its own).
        ...(!holdsCasework(pending.session?.me) && { unlockWith: 'password' as const }),
      };
    }
    const profile = readProfile(options.dataDir);
    return {
      state: 'signed-out',
      serverUrl: profile?.serverUrl ?? options.defaultServerUrl,
      email: profile?.email ?? null,
      ...(signedOutWhy !== null && { why: signedOutWhy }),
    };
  };

  const closeSession = async (): Promise<void> => {
    const current = open;
    open = null;
    pending = null;
    // An unconfirmed recovery key belongs to this session only.
    security.reset();
    settings.reset();
    if (current !== null) {
      await current.engine.stop();
      current.db.close();
    }
  };

  /** Locks the desk (#5): the store closes, the sign-in stays, the passphrase reopens it. */
  const lock = async (): Promise<void> => {
    const current = open;
    if (current === null) return;
    open = null;
    pending = {
      serverUrl: current.serverUrl,
      userId: current.me.user.id,
      email: current.me.user.email,
      session: { token: current.token, me: current.me },
    };
    await current.engine.stop();
    current.db.close();
    emit({ topics: ['session'] });
  };

  const signedOut = (): void => {
    // The server refused the session (signed out elsewhere, or the account disabled):
    // the store is closed, and the sign-in screen says why.
    signedOutWhy = 'unauthenticated';
    // The session is dead (a disabled account included, #6): this store must
    // not open offline with it either, until a fresh online sign-in.
    if (open !== null) deleteMeta(open.db, 'session-token');
    void closeSession().then(() => {
      emit({ topics: ['session'] });
    });
  };

  /** Opens (or creates) the signed-in user's store with its key; starts syncing. */
  const unlock = async (passphrase: string | undefined): Promise<Result<SessionState, Reason>> => {
    if (pending === null) return err('not-signed-in');
    const storeId = pending.userId;
    const exists = await custody.has(storeId);
    const keyOptions = passphrase === undefined ? {} : { passphrase };
    const key = exists
      ? await custody.load(storeId, keyOptions)
      : await custody.create(storeId, keyOptions);
    if (!key.ok) {
      switch (key.reason) {
        case 'passphrase-too-short':
        case 'wrong-passphrase':
          return err(key.reason);
        case 'passphrase-needed':
          return ok(await state());
        case 'keychain-unavailable':
        case 'key-missing':
          return err(key.reason);
      }
    }
    const file = join(options.dataDir, 'stores', `${storeId}.db`);
    // An existing store may be mid-rekey: openKeptStore finishes or discards it (#5).
    const db = exists
      ? await openKeptStore({
          custody,
          storeId,
          file,
          key: key.value,
          keyOptions,
          migrations: MIGRATIONS,
          rekeyFinished: (opened) => security.storeCreated(storeId, opened),
        })
      : openStore(file, key.value, MIGRATIONS);
    // A new store gets its recovery key now, to be shown once (#5); a coordinator's
    // holds no casework, so there is nothing a recovery key would bring back.
    if (db.ok && !exists && holdsCasework(pending.session?.me)) {
      await security.storeCreated(storeId, key.value);
    }
    key.value.fill(0);
    if (!db.ok) return err(db.reason === 'wrong-key' ? 'wrong-passphrase' : 'store-damaged');
    const signedIn = pending.session ?? keptSession(db.value);
    if (signedIn === null) {
      // Signed in offline, but this store kept no session (signed out last time).
      db.value.close();
      return err('server-unreachable');
    }
    const session: SignedIn = { serverUrl: pending.serverUrl, ...signedIn };
    setMeta(db.value, 'session-token', session.token);
    setMeta(db.value, 'me', JSON.stringify(session.me));
    setMeta(db.value, 'server-url', session.serverUrl);
    const organisationId = session.me.organisation?.id ?? '';
    const engine = createSyncEngine(
      db.value,
      serverApi(session.serverUrl, session.token),
      organisationId,
      emit,
      signedOut,
      syncOptions,
    );
    open = { ...session, db: db.value, engine };
    pending = null;
    engine.start();
    security.opened();
    retention.opened();
    void caseSeries.ensure();
    emit({ topics: ['session'] });
    return ok(await state());
  };

  /**
   * The network cannot be reached (#5): someone who signed in on this
   * computer before may still open their casework, their password checked
   * against the local verifier. The store's kept session syncs once the
   * network is back; if the server has ended it meanwhile, the desk closes
   * the store then and says why.
   */
  const signInOffline = async (
    serverUrl: string,
    request: { email: string; password: string },
  ): Promise<Result<SessionState, Reason>> => {
    const profile = readProfile(options.dataDir);
    const userId =
      profile?.serverUrl === serverUrl
        ? profile.stores?.[request.email.trim().toLowerCase()]
        : undefined;
    if (userId === undefined || !(await custody.has(userId))) return err('server-unreachable');
    const checked = await security.checkOffline(userId, request.password);
    if (!checked.ok) return checked;
    pending = { serverUrl, userId, email: request.email.trim(), session: null };
    if (custody.method() === 'keychain') {
      const opened = await unlock(undefined);
      if (!opened.ok) pending = null;
      return opened;
    }
    return ok(await state());
  };

  /**
   * A coordinator's store (#12), opened (or made) with their sign-in password.
   * If it does not open, their password has changed since (a reset): the store
   * holds no casework, only the session and a copy of the directory, so it
   * starts afresh with a new key rather than asking for the old password.
   */
  const openWithPassword = async (
    storeId: string,
    password: string,
  ): Promise<Result<SessionState, Reason>> => {
    const opened = await unlock(password);
    if (opened.ok || opened.reason !== 'wrong-passphrase' || pending === null) return opened;
    const fresh = randomBytes(KEY_BYTES);
    const kept = await custody.replaceKey(storeId, fresh, { passphrase: password });
    fresh.fill(0);
    if (!kept.ok)
      return err(kept.reason === 'keychain-unavailable' ? kept.reason : 'store-damaged');
    const file = join(options.dataDir, 'stores', `${storeId}.db`);
    for (const part of [file, `${file}-wal`, `${file}-shm`]) rmSync(part, { force: true });
    return unlock(password);
  };

  const ready = (): Open | null => open;
  // Letters that keep this store's case references apart in the agency (#5).
  const caseSeries = caseSeriesKeeper({ session: () => open });
  // The agency's desk settings (#5): auto-lock minutes and the retention rule.
  const settings = deskSettingsSource({ session: () => open, clock: options.clock ?? systemClock });
  const security = securityFeature({
    custody,
    session: () => open,
    lockedStoreId: () => pending?.userId ?? null,
    unlock,
    lock,
    state,
    // A rekey (#5) closes the store, keeping the session, and reopens it after.
    suspend: async () => {
      const current = open;
      if (current === null) return null;
      open = null;
      rekeying = { serverUrl: current.serverUrl, token: current.token, me: current.me };
      await current.engine.stop();
      current.db.close();
      return current.db.name;
    },
    resume: (passphrase) => {
      const was = rekeying;
      if (was === null) return Promise.resolve(err('not-signed-in'));
      rekeying = null;
      pending = {
        serverUrl: was.serverUrl,
        userId: was.me.user.id,
        email: was.me.user.email,
        session: { token: was.token, me: was.me },
      };
      return unlock(passphrase);
    },
    verifier: createPasswordVerifier(join(options.dataDir, 'keys')),
    settings,
    clock: options.clock ?? systemClock,
    ...(options.rekeyHooks !== undefined && { rekeyHooks: options.rekeyHooks }),
  });
  const retention = retentionFeature({
    session: () => open,
    clock: options.clock ?? systemClock,
    emit,
    settings,
  });
  const backups = backupFeature({
    chooseFolder: options.chooseFolder,
    clock: options.clock ?? systemClock,
    custody,
    session: () => open,
    locked: () =>
      pending === null
        ? null
        : {
            storeId: pending.userId,
            storeFile: join(options.dataDir, 'stores', `${pending.userId}.db`),
          },
    unlock,
  });

  /** Gives the sync engine a moment to deliver, so the answer shows the server's view. */
  const settle = async (session: Open): Promise<void> => {
    await Promise.race([
      session.engine.syncNow(),
      new Promise((resolve) => setTimeout(resolve, STORE_WAIT_MS)),
    ]);
  };

  const withSession = async (fn: (session: Open) => Promise<void>): Promise<void> => {
    const session = ready();
    if (session !== null) await fn(session);
  };

  // While a rekey has the store closed, store calls wait or answer store-busy (#5).
  const handlers: Handlers = security.guard({
    ...caseworkHandlers({
      session: () => open,
      emit,
      beforeOpeningCase: caseSeries.beforeOpeningCase,
      outboxChanged: () => void open?.engine.syncNow(),
    }),
    ...accountHandlers({ session: () => open }),
    ...networkHandlers({ session: () => open }),
    ...security.handlers,
    ...backups.handlers,
    ...retention.handlers,
    'session.status': state,
    'session.signIn': async (request) => {
      const serverUrl = normaliseServerUrl(request.serverUrl);
      if (serverUrl === null) return err('server-unreachable');
      // Plain http beyond this computer only when the user has said so (#6).
      if (isInsecureRemote(serverUrl) && request.allowInsecure !== true) {
        return err('insecure-server');
      }
      await closeSession();
      signedOutWhy = null;
      const signedIn = await signIn(serverUrl, {
        email: request.email,
        password: request.password,
        device: options.deviceName,
        ...(request.code !== undefined && { code: request.code }),
      });
      if (!signedIn.ok) {
        if (signedIn.reason === 'server-unreachable') return signInOffline(serverUrl, request);
        return err(apiReason(signedIn.reason));
      }
      const { token, ...me } = signedIn.value;
      // A coordinator belongs to the network, not to an agency (#6). They hold no client
      // data, but they still get an encrypted store of their own, unlocked the same way:
      // the session token lives only in a store (never in a plain file), the directory is
      // cached there for offline search, and one key/lock path for every role is safer
      // than a second, store-less session. Their store simply never holds casework.
      if (me.organisation === null && me.user.role !== 'coordinator') {
        return err('no-organisation');
      }
      // The local check of the password, for unlocking offline after a lock (#5).
      await security.signedIn(me.user.id, request.password);
      const known = readProfile(options.dataDir);
      writeProfile(options.dataDir, {
        serverUrl,
        email: me.user.email,
        stores: { ...known?.stores, [me.user.email.toLowerCase()]: me.user.id },
      });
      pending = {
        serverUrl,
        userId: me.user.id,
        email: me.user.email,
        session: { token, me },
      };
      if (custody.method() === 'keychain') return unlock(undefined);
      if (!holdsCasework(me)) return openWithPassword(me.user.id, request.password);
      return ok(await state());
    },
    'session.signOut': async () => {
      const current = open;
      if (current !== null) {
        // Signed out means signed out: no offline sign-in with this session later.
        // First, while the store is surely open: the server's answer may close it.
        deleteMeta(current.db, 'session-token');
        await serverApi(current.serverUrl, current.token).signOut();
      }
      await closeSession();
      emit({ topics: ['session'] });
      return state();
    },
    'sync.status': () => {
      const session = ready();
      return Promise.resolve(
        session === null
          ? { online: false, waiting: 0, setAside: 0, lastSyncedAt: null }
          : session.engine.status(),
      );
    },
    'sync.now': async () => {
      const session = ready();
      if (session === null) return { online: false, waiting: 0, setAside: 0, lastSyncedAt: null };
      await session.engine.syncNow();
      return session.engine.status();
    },
    'clients.search': (request) => {
      const session = ready();
      return Promise.resolve(session === null ? [] : searchClients(session.db, request.text));
    },
    'clients.get': (request) => {
      const session = ready();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const client = getClient(session.db, request.id);
      return Promise.resolve(client === null ? err('client-not-found') : ok(client));
    },
    'clients.create': (request) => {
      const session = ready();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const client = createClient(session.db, request, new Date());
      emit({ topics: ['clients'] });
      return Promise.resolve(ok(client));
    },
    ...directoryHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...provisionHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...upkeepHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...organisationHandlers({ session: () => open }),
    ...bulletinHandlers({ session: () => open, emit }),
    ...joinHandlers({ session: () => open }),
    ...taxonomyHandlers({ session: () => open, emit }),
    ...referralHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...inboxHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...setAsideHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...attachmentHandlers({ session: ready, emit, settle: () => withSession(settle) }),
    ...agencyContactHandlers({ session: ready }),
    'referrals.list': (request) => {
      const session = ready();
      return Promise.resolve(session === null ? [] : listReferrals(session.db, request.direction));
    },
    'referrals.get': (request) => {
      const session = ready();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const referral = getReferral(session.db, request.id);
      return Promise.resolve(referral === null ? err('referral-not-found') : ok(referral));
    },
    'referrals.send': async (request) => {
      const session = ready();
      if (session === null) return err('not-signed-in');
      const sent = sendReferral(session.db, session.me, request, new Date());
      if (sent.ok) {
        emit({ topics: ['referrals', 'sync'] });
        await settle(session);
      }
      return sent;
    },
    'referrals.act': async (request) => {
      const session = ready();
      if (session === null) return err('not-signed-in');
      const acted = actOnReferral(session.db, request, new Date());
      if (!acted.ok) return acted;
      emit({ topics: ['referrals', 'sync'] });
      await settle(session);
      const latest: DeskReferral | null = getReferral(session.db, request.id);
      return latest === null ? err('referral-not-found') : ok(latest);
    },
  });

  return {
    handlers,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      // A rekey under way finishes first (it reopens the store when done).
      await security.settled();
      backups.stop();
      retention.stop();
      settings.stop();
      await closeSession();
    },
  };
};
