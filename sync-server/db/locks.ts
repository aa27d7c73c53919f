/**
 * Keys of the transaction-scoped advisory locks the server takes. Arbitrary
 * but fixed numbers; one place so two never collide.
 */
export const LOCK_MIGRATIONS = 0x48_4f_01;
/**
 * Taken first by every transaction that writes to the change feed, so change
 * rows commit in sequence order and a client's cursor never skips a row that
 * committed late.
 */
export const LOCK_CHANGES = 0x48_4f_02;
/** Taken by every audit append, so the hash chain has one order (audit/log.ts). */
export const LOCK_AUDIT = 0x48_4f_03;
/**
 * With a hash of the email as second key: invitations to one email address
 * are made one at a time, so two agencies' leads cannot both invite it at
 * once (accounts/invitations.ts).
 */
export const LOCK_INVITATIONS = 0x48_4f_04;
