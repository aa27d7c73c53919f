import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Server-side secrets at rest (two-factor secrets): AES-256-GCM under the
 * server's key (HANDOVER_SECRET_KEY, 32 bytes base64), so a copy of the
 * database alone does not give them away. Without a key they are stored
 * marked as plain, and SECURITY.md says so. The key never enters the database.
 */
export type SecretBox = {
  seal(plain: string): string;
  open(sealed: string): string;
  readonly encrypted: boolean;
};

export const parseServerKey = (value: string): Buffer | null => {
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
};

export const secretBox = (key: Buffer | null): SecretBox => ({
  encrypted: key !== null,
  seal: (plain) => {
    if (key === null) return `plain:${plain}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  },
  open: (sealed) => {
    if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
    if (!sealed.startsWith('v1:') || key === null) {
      throw new Error('secret-box: sealed with a server key this server does not have');
    }
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  },
});
