import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import { KEY_BYTES } from '#main/keys/passphrase.ts';

/**
 * The recovery key: 160 random bits shown once at set-up as eight groups of
 * four characters (Crockford base32: no I, L, O or U, so it reads aloud and
 * types back without confusion). It wraps the store key in a second envelope,
 * so the store can be reopened after the keychain or the passphrase is lost,
 * or on a new computer from a backup.
 *
 * The recovery key is already random, so the key-encryption key comes from
 * HKDF-SHA256 rather than a slow password hash. It is the one secret the user
 * sees; it is never kept anywhere by Handover. Never log it.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_BYTES = 20;
const GROUP = 4;
const FORMAT = 'handover-recovery-envelope';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;

const encode = (bytes: Buffer): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
};

/** "abcd efgh-…" → the 20 secret bytes; null when it cannot be a recovery key. */
export const parseRecoveryKey = (text: string): Buffer | null => {
  const chars = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (chars.length !== (SECRET_BYTES * 8) / 5) return null;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of chars) {
    const index = ALPHABET.indexOf(c);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(bytes);
};

/** A new recovery key: its secret bytes, and the words the user writes down. */
export const newRecoveryKey = (): { secret: Buffer; text: string } => {
  const secret = randomBytes(SECRET_BYTES);
  const chars = encode(secret);
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP));
  return { secret, text: groups.join('-') };
};

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  context: z.string().min(1).max(200),
  salt: base64,
  iv: base64,
  tag: base64,
  ciphertext: base64,
});
export type RecoveryEnvelope = z.infer<typeof envelopeSchema>;

const kekFor = (secret: Buffer, salt: Buffer, context: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, salt, `handover recovery v1 ${context}`, KEY_BYTES));

const aad = (e: { context: string; salt: string; iv: string }): Buffer =>
  Buffer.from(JSON.stringify([FORMAT, 1, e.context, e.salt, e.iv]), 'utf8');

/** Wraps the store key with a recovery key's secret; `context` is "store:<id>". */
export const wrapWithRecovery = (
  key: Buffer,
  secret: Buffer,
  context: string,
): RecoveryEnvelope => {
  if (key.length !== KEY_BYTES) throw new Error('wrapWithRecovery: the key must be 32 bytes');
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const kek = kekFor(secret, salt, context);
  try {
    const header = { context, salt: salt.toString('base64'), iv: iv.toString('base64') };
    const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(header));
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    return {
      format: FORMAT,
      version: 1,
      ...header,
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  } finally {
    kek.fill(0);
  }
};

/**
 * The store key from a recovery envelope and what the user typed.
 * `wrong-recovery-key`: not a recovery key, or not this store's.
 */
export const unwrapWithRecovery = (
  value: unknown,
  typed: string,
  context: string,
): Result<Buffer, 'wrong-recovery-key' | 'envelope-damaged'> => {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) return err('envelope-damaged');
  const e = parsed.data;
  if (e.context !== context) return err('envelope-damaged', 'made for another store');
  const secret = parseRecoveryKey(typed);
  if (secret === null) return err('wrong-recovery-key');
  const iv = Buffer.from(e.iv, 'base64');
  const tag = Buffer.from(e.tag, 'base64');
  const ciphertext = Buffer.from(e.ciphertext, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || ciphertext.length !== KEY_BYTES) {
    return err('envelope-damaged');
  }
  const kek = kekFor(secret, Buffer.from(e.salt, 'base64'), context);
  secret.fill(0);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(e));
    decipher.setAuthTag(tag);
    const key = decipher.update(ciphertext);
    try {
      decipher.final();
    } catch {
      key.fill(0);
      return err('wrong-recovery-key');
    }
    return ok(key);
  } finally {
    kek.fill(0);
  }
};
