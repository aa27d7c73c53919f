import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isUuid } from '#src/ids.ts';
import { ARGON2_PARAMS, deriveKek } from '#main/keys/passphrase.ts';

/**
 * A local check of the user's sign-in password, so a locked desk can be
 * unlocked offline (#5). Kept per user in `<userId>.unlock.json`: an argon2id
 * hash with its salt and costs — never the password. It is written at each
 * successful online sign-in, so it follows password changes at the next one.
 * Like any password hash it can be attacked offline by whoever copies the
 * file; argon2id (64 MiB, 3 passes) makes each guess costly, and the store's
 * key is not derived from it.
 */
const FORMAT = 'handover-unlock-verifier';
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const verifierSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('argon2id'),
    // Bounded: the file is read from disk and must not ask for gigabytes or hours.
    memoryKiB: z.number().int().min(19_456).max(1_048_576),
    iterations: z.number().int().min(1).max(10),
    parallelism: z.number().int().min(1).max(8),
  }),
  salt: base64,
  hash: base64,
});

export type PasswordCheck = 'right' | 'wrong' | 'none';

export type PasswordVerifier = {
  /** Keeps a verifier of `password` for `userId`, replacing any earlier one. */
  remember(userId: string, password: string): Promise<void>;
  /** `none`: no (readable) verifier for this user on this computer. */
  check(userId: string, password: string): Promise<PasswordCheck>;
  has(userId: string): Promise<boolean>;
};

const fileName = (userId: string): string => {
  if (!isUuid(userId)) throw new Error('password verifier: a user id must be a UUID');
  return `${userId.toLowerCase()}.unlock.json`;
};

export const createPasswordVerifier = (dir: string): PasswordVerifier => {
  const read = async (userId: string): Promise<z.infer<typeof verifierSchema> | null> => {
    try {
      const parsed = verifierSchema.safeParse(
        JSON.parse(await readFile(join(dir, fileName(userId)), 'utf8')),
      );
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  return {
    remember: async (userId, password) => {
      const salt = randomBytes(SALT_BYTES);
      const hash = await deriveKek(password, salt, ARGON2_PARAMS);
      const record = {
        format: FORMAT,
        version: 1,
        kdf: { name: 'argon2id', ...ARGON2_PARAMS },
        salt: salt.toString('base64'),
        hash: hash.toString('base64'),
      };
      hash.fill(0);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = fileName(userId);
      const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(record, null, 2), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, join(dir, name));
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    },
    check: async (userId, password) => {
      const record = await read(userId);
      if (record === null) return 'none';
      const expected = Buffer.from(record.hash, 'base64');
      if (expected.length !== HASH_BYTES) return 'none';
      const got = await deriveKek(password, Buffer.from(record.salt, 'base64'), record.kdf);
      try {
        return timingSafeEqual(got, expected) ? 'right' : 'wrong';
      } finally {
        got.fill(0);
      }
    },
    has: async (userId) => (await read(userId)) !== null,
  };
};
