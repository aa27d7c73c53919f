/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, the freedesktop
 * Secret Service on Linux). This is the only module that touches keytar: its
 * upstream was archived in 2022, so a maintained binding (@napi-rs/keyring, or
 * Electron's safeStorage) replaces it here and nowhere else.
 *
 * keytar is an optional native dependency: it may be missing, fail to load, or
 * load on a machine with no secret service (Linux without D-Bus rejects every
 * call). All of those mean "no keychain": `openKeychain` resolves to null.
 *
 * Never log a secret that passes through here; it is key material.
 */

export type Keychain = {
  /** The secret for this account, or null when there is none. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Removes the account's secret; removing one that is not there is fine. */
  remove(account: string): Promise<void>;
};

/** The part of keytar's API we use, checked at run time (the package may be absent). */
type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

const hasFunction = (value: object, name: string): boolean =>
  typeof (value as Record<string, unknown>)[name] === 'function';

const asKeytar = (value: unknown): Keytar | null =>
  typeof value === 'object' &&
  value !== null &&
  hasFunction(value, 'getPassword') &&
  hasFunction(value, 'setPassword') &&
  hasFunction(value, 'deletePassword')
    ? (value as Keytar)
    : null;

/**
 * keytar is CommonJS: under ESM its API is on `default` (Node's named-export
 * detection finds only some of its functions). A variable specifier keeps the
 * type checker and the bundler from requiring the package to be installed.
 */
const loadKeytar = async (): Promise<Keytar | null> => {
  const specifier = 'keytar';
  try {
    const mod: unknown = await import(specifier);
    if (typeof mod !== 'object' || mod === null) return null;
    return asKeytar((mod as { default?: unknown }).default) ?? asKeytar(mod);
  } catch {
    // Not installed, or its native build does not load on this machine.
    return null;
  }
};

/** An account name that is never used for a real secret. */
const PROBE_ACCOUNT = 'probe:availability';

const withTimeout = async <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export type KeychainOptions = {
  /**
   * How long the availability probe may take. A secret service that never
   * answers would otherwise hang start-up; generous, because a desktop may
   * ask the user to unlock their keyring first.
   */
  probeTimeoutMs?: number;
};

/**
 * The OS keychain for `service`, or null when there is none on this machine.
 * Probes with a harmless lookup of an unused account. Never throws.
 */
export async function openKeychain(
  service = 'Handover',
  options: KeychainOptions = {},
): Promise<Keychain | null> {
  const keytar = await loadKeytar();
  if (keytar === null) return null;
  try {
    const probe = await withTimeout(
      keytar.getPassword(service, PROBE_ACCOUNT),
      options.probeTimeoutMs ?? 30_000,
    );
    if (probe === 'timeout') return null;
  } catch {
    // e.g. "Cannot autolaunch D-Bus without X11 $DISPLAY": no secret service.
    return null;
  }
  return {
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    remove: async (account) => {
      await keytar.deletePassword(service, account);
    },
  };
}
