import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMS,
  checkPassphrase,
  deriveKek,
  parseEnvelope,
  unwrapKey,
  wrapKey,
} from '#main/keys/passphrase.ts';
import type { KeyEnvelope } from '#main/keys/passphrase.ts';

const PASSPHRASE = 'correct horse battery staple';
const CONTEXT = 'store:0190a6b4-6a3e-7b8c-9d0e-1f2a3b4c5d6e';

const wrapped = async (key: Buffer): Promise<KeyEnvelope> => {
  const result = await wrapKey(key, PASSPHRASE, CONTEXT);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

/** A copy of the envelope with one base64 field's first byte flipped. */
const flipped = (value: string): string => {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('passphrase policy', () => {
  it('asks for at least 10 characters, of any kind', () => {
    expect(checkPassphrase('123456789')).toEqual({ ok: false, reason: 'passphrase-too-short' });
    expect(checkPassphrase('1234567890').ok).toBe(true);
    expect(checkPassphrase('all lower case words').ok).toBe(true);
  });

  it('counts the characters a person sees, not UTF-16 units', () => {
    // Ten accented letters written as letter + combining accent (20 code units).
    expect(checkPassphrase('e\u0301'.repeat(10)).ok).toBe(true);
    expect(checkPassphrase('e\u0301'.repeat(9)).ok).toBe(false);
    // A family emoji is one character (seven code points).
    expect(checkPassphrase('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(9)).ok).toBe(false);
  });
});

describe('wrapping a key with a passphrase', () => {
  it('unwraps to the same key with the same passphrase', async () => {
    const key = randomBytes(32);
    const envelope = await wrapped(key);
    const back = await unwrapKey(envelope, PASSPHRASE, CONTEXT);
    expect(back.ok && back.value.equals(key)).toBe(true);
  });

  it('records the algorithm and its parameters in a versioned JSON envelope', async () => {
    const key = randomBytes(32);
    const envelope = await wrapped(key);
    const json: unknown = JSON.parse(JSON.stringify(envelope));
    expect(parseEnvelope(json)).toEqual(envelope);
    expect(envelope).toMatchObject({
      format: 'handover-wrapped-key',
      version: 1,
      context: CONTEXT,
      kdf: {
        name: 'argon2id',
        argon2Version: 19,
        passphraseEncoding: 'utf-8/nfc',
        memoryKiB: 65_536,
        iterations: 3,
        parallelism: 1,
      },
      cipher: { name: 'aes-256-gcm' },
    });
    expect(Buffer.from(envelope.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(envelope.cipher.iv, 'base64')).toHaveLength(12);
    // The key itself is nowhere in the envelope.
    const text = JSON.stringify(envelope);
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
  });

  it('uses a fresh salt and IV every time', async () => {
    const key = randomBytes(32);
    const [a, b] = [await wrapped(key), await wrapped(key)];
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('reports a wrong passphrase, never a wrong key', async () => {
    const envelope = await wrapped(randomBytes(32));
    expect(await unwrapKey(envelope, 'correct horse battery stapler', CONTEXT)).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
  });

  it('refuses a passphrase that is too short, before doing any work', async () => {
    expect(await wrapKey(randomBytes(32), 'short', CONTEXT)).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
    });
  });

  it('accepts the passphrase however its accents were typed (NFC)', async () => {
    const key = randomBytes(32);
    const composed = 'caf\u00e9 au lait, s\u2019il vous pla\u00eet';
    const result = await wrapKey(key, composed.normalize('NFD'), CONTEXT);
    if (!result.ok) throw new Error(result.reason);
    const back = await unwrapKey(result.value, composed, CONTEXT);
    expect(back.ok && back.value.equals(key)).toBe(true);
  });

  it('derives the KEK with argon2id v19 and the recorded costs', async () => {
    // The library's own encoded hash names the algorithm; its hash part must
    // equal the KEK we derive with the same salt and costs.
    const salt = randomBytes(16);
    const phc = await hash(PASSPHRASE, {
      salt,
      memoryCost: ARGON2_PARAMS.memoryKiB,
      timeCost: ARGON2_PARAMS.iterations,
      parallelism: ARGON2_PARAMS.parallelism,
      outputLen: 32,
    });
    expect(phc.startsWith('$argon2id$v=19$m=65536,t=3,p=1$')).toBe(true);
    const kek = await deriveKek(PASSPHRASE, salt, ARGON2_PARAMS);
    expect(kek.toString('base64').replace(/=+$/, '')).toBe(phc.split('$').at(-1));
  });
});

describe('a changed envelope', () => {
  const cases: [string, (e: KeyEnvelope) => KeyEnvelope][] = [
    ['ciphertext', (e) => ({ ...e, ciphertext: flipped(e.ciphertext) })],
    ['GCM tag', (e) => ({ ...e, cipher: { ...e.cipher, tag: flipped(e.cipher.tag) } })],
    ['IV', (e) => ({ ...e, cipher: { ...e.cipher, iv: flipped(e.cipher.iv) } })],
    ['salt', (e) => ({ ...e, kdf: { ...e.kdf, salt: flipped(e.kdf.salt) } })],
    ['argon2 passes', (e) => ({ ...e, kdf: { ...e.kdf, iterations: 2 } })],
  ];
  for (const [part, change] of cases) {
    it(`is refused as wrong-passphrase when its ${part} changed`, async () => {
      const envelope = await wrapped(randomBytes(32));
      expect(await unwrapKey(change(envelope), PASSPHRASE, CONTEXT)).toEqual({
        ok: false,
        reason: 'wrong-passphrase',
      });
    });
  }

  it('is refused as envelope-damaged when it is not a well-formed envelope', async () => {
    const envelope = await wrapped(randomBytes(32));
    const damaged: unknown[] = [
      null,
      'not an envelope',
      { ...envelope, version: 2 },
      { ...envelope, kdf: { ...envelope.kdf, name: 'pbkdf2' } },
      // Must not be able to ask for 64 GiB of memory.
      { ...envelope, kdf: { ...envelope.kdf, memoryKiB: 64 * 1024 * 1024 } },
      { ...envelope, ciphertext: envelope.ciphertext.slice(0, 20) },
      { ...envelope, cipher: { ...envelope.cipher, iv: 'AAAA' } },
    ];
    for (const value of damaged) {
      const result = await unwrapKey(value, PASSPHRASE, CONTEXT);
      expect(result.ok ? 'ok' : result.reason).toBe('envelope-damaged');
    }
  });

  it('is refused when it was made for another store', async () => {
    const envelope = await wrapped(randomBytes(32));
    const other = 'store:0190a6b4-6a3e-7b8c-9d0e-000000000000';
    expect(await unwrapKey(envelope, PASSPHRASE, other)).toMatchObject({
      ok: false,
      reason: 'envelope-damaged',
    });
    // Claiming the other context in the envelope does not help: it is authenticated.
    expect(await unwrapKey({ ...envelope, context: other }, PASSPHRASE, other)).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
  });
});
