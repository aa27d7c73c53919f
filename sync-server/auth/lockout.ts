/**
 * A basic brake on password guessing: after `maxFailures` failed sign-ins for
 * one email from one address within `windowMs`, that pair is refused for
 * `lockMs`. In memory, per instance; the full policy comes later.
 */
export type LockoutPolicy = { maxFailures: number; windowMs: number; lockMs: number };

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
};

type Entry = { failures: number; firstAt: number; lockedUntil: number };

/** Entries kept at most; beyond that the oldest are forgotten (bounded memory). */
const MAX_ENTRIES = 50_000;

export class Lockout {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT) {}

  static key(email: string, ip: string): string {
    return `${email.toLowerCase()}\u0000${ip}`;
  }

  isLocked(key: string, now: number): boolean {
    const e = this.#entries.get(key);
    return e !== undefined && e.lockedUntil > now;
  }

  fail(key: string, now: number): void {
    let e = this.#entries.get(key);
    if (!e || now - e.firstAt > this.policy.windowMs) {
      e = { failures: 0, firstAt: now, lockedUntil: 0 };
    }
    e.failures += 1;
    if (e.failures >= this.policy.maxFailures) {
      e.lockedUntil = now + this.policy.lockMs;
      e.failures = 0;
      e.firstAt = now;
    }
    this.#entries.delete(key);
    this.#entries.set(key, e);
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  succeed(key: string): void {
    this.#entries.delete(key);
  }
}
