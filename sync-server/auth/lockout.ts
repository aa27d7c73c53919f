import { brakeKey, type Brake } from '#server/auth/brakes.ts';

/**
 * The brakes on password and code guessing (see auth/brakes.ts for the
 * mechanism). After `maxFailures` failed attempts for one email from one
 * address within `windowMs`, that pair is refused for `lockMs`.
 */
export type LockoutPolicy = { maxFailures: number; windowMs: number; lockMs: number };

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
};

/**
 * Guessing one account from many addresses is caught too, by a per-account
 * key with this many times the allowance. It also lets a stranger lock an
 * account for `lockMs` by guessing wrong on purpose: a short lock is the price.
 */
export const ACCOUNT_FACTOR = 4;

/**
 * Guessing many accounts from one address is caught by a per-address key with
 * this many times the allowance: room for an office whose staff share one
 * address (right answers give their attempt back, so only mistakes count).
 */
export const ADDRESS_FACTOR = 6;

const scaled = (policy: LockoutPolicy, factor: number) => ({
  limit: policy.maxFailures * factor,
  windowMs: policy.windowMs,
  lockMs: policy.lockMs,
});

/** The three keys a sign-in attempt (password or two-factor code) counts against. */
export type SignInBrakes = { pair: Brake; account: Brake; address: Brake };

export const signInBrakes = (
  policy: LockoutPolicy,
  email: string,
  address: string,
): SignInBrakes => ({
  pair: { key: brakeKey('sign-in', email, address), policy: scaled(policy, 1) },
  account: { key: brakeKey('sign-in', email), policy: scaled(policy, ACCOUNT_FACTOR) },
  address: {
    key: brakeKey('sign-in-address', address),
    policy: scaled(policy, ADDRESS_FACTOR),
  },
});

/** A brake for one kind of secret tried by one key (a user, an address). */
export const secretBrake = (policy: LockoutPolicy, ...parts: string[]): Brake => ({
  key: brakeKey(...parts),
  policy: scaled(policy, 1),
});
