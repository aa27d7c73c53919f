import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import type { Algorithm, Version } from '@node-rs/argon2';
import { z } from 'zod';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';

/**
 * Wraps a 32-byte store key with a passphrase, for machines without a
 * keychain: argon2id turns the passphrase into a key-encryption key (KEK),
 * and AES-256-GCM encrypts the store key with it. GCM's tag means a wrong
 * passphrase (or a changed envelope) is reported, never turned into a wrong
 * key. The envelope is versioned and records every parameter, so the costs
 * can be raised later without stranding old envelopes.
 *
 * Never log the key, the KEK or the passphrase.
 */

export const MIN_PASSPHRASE_LENGTH = 10;
export const KEY_BYTES = 32;

const FORMAT = 'handover-wrapped-key';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Costs for new envelopes: 64 MiB, 3 passes, 1 lane. RFC 9106's second
 * recommended profile is 64 MiB and 3 passes; one lane keeps the time
 * predictable on the small two-core machines agencies use (about 55 ms on the
 * build machine, once per unlock). More lanes would buy more memory in the
 * same time: a candidate when the costs are next raised, which old envelopes
 * survive because each records its own.
 */
export const ARGON2_PARAMS = { memoryKiB: 65_536, iterations: 3, parallelism: 1 } as const;

// @node-rs/argon2 declares its enums as ambient const enums, which cannot be
// read under verbatimModuleSyntax, so the values are written out here and
// pinned by passphrase.test.ts against the library's own PHC output
// ("$argon2id$v=19$…").
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- 2 is Algorithm.Argon2id; see above.
const ARGON2ID: Algorithm = 2;
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- 1 is Version.V0x13 (19); see above.
const ARGON2_V13: Version = 1;

/**
 * Bounds accepted when unwrapping: an envelope is data read from disk, and
 * must not be able to ask for gigabytes of memory or hours of work.
 */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  context: z.string().min(1).max(200),
  kdf: z.object({
    name: z.literal('argon2id'),
    argon2Version: z.literal(19),
    passphraseEncoding: z.literal('utf-8/nfc'),
    memoryKiB: z.number().int().min(19_456).max(1_048_576),
    iterations: z.number().int().min(1).max(10),
    parallelism: z.number().int().min(1).max(8),
    salt: base64,
  }),
  cipher: z.object({
    name: z.literal('aes-256-gcm'),
    iv: base64,
    tag: base64,
  }),
  ciphertext: base64,
});

/** The JSON written to disk. Nothing in it is secret without the passphrase. */
export type KeyEnvelope = z.infer<typeof envelopeSchema>;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Length over complexity (NIST SP 800-63B): at least 10 characters, counted
 * as the characters a person sees (grapheme clusters, after NFC
 * normalisation), any characters allowed.
 */
export const checkPassphrase = (passphrase: string): Result<string, 'passphrase-too-short'> => {
  const normalised = passphrase.normalize('NFC');
  const characters = [...graphemes.segment(normalised)].length;
  return characters < MIN_PASSPHRASE_LENGTH ? err('passphrase-too-short') : ok(normalised);
};

/** The key-encryption key for `passphrase` (exported for its test; stays in main/keys). */
export const deriveKek = async (
  passphrase: string,
  salt: Buffer,
  params: { memoryKiB: number; iterations: number; parallelism: number },
): Promise<Buffer> => {
  // NFC so the same passphrase typed on another keyboard or OS gives the same bytes.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    // hashRaw runs on the libuv pool: the main process's event loop stays free.
    return await hashRaw(secret, {
      algorithm: ARGON2ID,
      version: ARGON2_V13,
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
      outputLen: KEY_BYTES,
      salt,
    });
  } finally {
    secret.fill(0);
  }
};

/**
 * Everything in the envelope except the ciphertext and tag is bound to the
 * ciphertext as GCM additional data, so no parameter can be swapped.
 */
const additionalData = (e: Omit<KeyEnvelope, 'ciphertext' | 'cipher'> & { iv: string }): Buffer =>
  Buffer.from(
    JSON.stringify([
      e.format,
      e.version,
      e.context,
      e.kdf.name,
      e.kdf.argon2Version,
      e.kdf.passphraseEncoding,
      e.kdf.memoryKiB,
      e.kdf.iterations,
      e.kdf.parallelism,
      e.kdf.salt,
      'aes-256-gcm',
      e.iv,
    ]),
    'utf8',
  );

/**
 * Wraps `key` (32 bytes) with `passphrase`. `context` names what the key is for
 * (e.g. "store:<id>"); unwrapping checks it, so an envelope copied onto another
 * store is refused.
 */
export const wrapKey = async (
  key: Buffer,
  passphrase: string,
  context: string,
): Promise<Result<KeyEnvelope, 'passphrase-too-short'>> => {
  if (key.length !== KEY_BYTES) throw new Error(`wrapKey: the key must be ${KEY_BYTES} bytes`);
  const checked = checkPassphrase(passphrase);
  if (!checked.ok) return checked;
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header = {
    format: FORMAT,
    version: ARGON2_V13,
    context,
    kdf: {
      name: 'argon2id',
      argon2Version: 19,
      passphraseEncoding: 'utf-8/nfc',
      ...ARGON2_PARAMS,
      salt: salt.toString('base64'),
    },
  } as const;
  const kek = await deriveKek(checked.value, salt, ARGON2_PARAMS);
  try {
    const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData({ ...header, iv: iv.toString('base64') }));
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    return ok({
      ...header,
      kdf: { ...header.kdf },
      cipher: {
        name: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
      },
      ciphertext: ciphertext.toString('base64'),
    });
  } finally {
    kek.fill(0);
  }
};

/** Parses an envelope read from disk; null when it is not one this code can unwrap. */
export const parseEnvelope = (value: unknown): KeyEnvelope | null => {
  const parsed = envelopeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/**
 * Unwraps an envelope. `wrong-passphrase`: the GCM tag did not verify (a wrong
 * passphrase, or an envelope whose bytes were changed). `envelope-damaged`: not
 * a well-formed envelope of a known version, or made for another context.
 * The caller owns the returned key and should `fill(0)` it when done.
 */
export const unwrapKey = async (
  value: unknown,
  passphrase: string,
  context: string,
): Promise<Result<Buffer, 'wrong-passphrase' | 'envelope-damaged'>> => {
  const envelope = parseEnvelope(value);
  if (envelope === null) return err('envelope-damaged');
  if (envelope.context !== context) return err('envelope-damaged', 'made for another store');
  const salt = Buffer.from(envelope.kdf.salt, 'base64');
  const iv = Buffer.from(envelope.cipher.iv, 'base64');
  const tag = Buffer.from(envelope.cipher.tag, 'base64');
  const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
  if (
    salt.length < SALT_BYTES ||
    salt.length > 64 ||
    iv.length !== IV_BYTES ||
    tag.length !== TAG_BYTES ||
    ciphertext.length !== KEY_BYTES
  ) {
    return err('envelope-damaged');
  }
  const kek = await deriveKek(passphrase, salt, envelope.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData({ ...envelope, iv: envelope.cipher.iv }));
    decipher.setAuthTag(tag);
    const key = decipher.update(ciphertext);
    try {
      decipher.final();
    } catch {
      // Unsupported state or unable to authenticate data: the tag did not verify.
      key.fill(0);
      return err('wrong-passphrase');
    }
    return ok(key);
  } finally {
    kek.fill(0);
  }
};
