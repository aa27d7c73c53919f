import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with its default cost: 19 MiB,
 * 2 passes, 1 lane — OWASP's minimum recommendation.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
};

/** Checked against for unknown emails, so they take as long as a wrong password. */
let decoy: Promise<string> | null = null;
export const decoyHash = (): Promise<string> => (decoy ??= hash(randomBytes(16).toString('hex')));

const WORDS_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A one-time password for a new account: 20 characters from 56 (about 116
 * bits), in groups of five so it can be read out or typed.
 */
export const generatePassword = (): string => {
  const chars: string[] = [];
  while (chars.length < 20) {
    for (const byte of randomBytes(32)) {
      // Reject bytes past the largest multiple of the alphabet: no bias.
      if (byte >= 224 || chars.length >= 20) continue;
      chars.push(WORDS_ALPHABET[byte % WORDS_ALPHABET.length] ?? '');
    }
  }
  return (chars.join('').match(/.{5}/g) ?? []).join('-');
};
