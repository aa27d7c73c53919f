import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordVerifier } from '#main/keys/password-verifier.ts';

const PASSWORD = 'correct horse battery staple';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'handover-verifier-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the local check of the sign-in password', () => {
  it('knows the right password, refuses others, and keeps only an argon2id hash (0600)', async () => {
    const verifier = createPasswordVerifier(dir);
    const userId = randomUUID();
    expect(await verifier.has(userId)).toBe(false);
    expect(await verifier.check(userId, PASSWORD)).toBe('none');
    await verifier.remember(userId, PASSWORD);
    expect(await verifier.has(userId)).toBe(true);
    expect(await verifier.check(userId, PASSWORD)).toBe('right');
    expect(await verifier.check(userId, 'Correct horse battery staple')).toBe('wrong');
    expect(await verifier.check(userId, '')).toBe('wrong');
    // Another user's verifier is not this one's.
    expect(await verifier.check(randomUUID(), PASSWORD)).toBe('none');

    const file = join(dir, `${userId}.unlock.json`);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(JSON.parse(text)).toMatchObject({ kdf: { name: 'argon2id', memoryKiB: 65_536 } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([`${userId}.unlock.json`]);
  });

  it('follows a new password at the next sign-in, with a fresh salt', async () => {
    const verifier = createPasswordVerifier(dir);
    const userId = randomUUID();
    await verifier.remember(userId, PASSWORD);
    const first = readFileSync(join(dir, `${userId}.unlock.json`), 'utf8');
    await verifier.remember(userId, 'a brand new password');
    expect(await verifier.check(userId, PASSWORD)).toBe('wrong');
    expect(await verifier.check(userId, 'a brand new password')).toBe('right');
    const second = JSON.parse(readFileSync(join(dir, `${userId}.unlock.json`), 'utf8')) as {
      salt: string;
    };
    expect(second.salt).not.toBe((JSON.parse(first) as { salt: string }).salt);
  });

  it('treats a damaged or tampered file as no verifier, never as a match', async () => {
    const verifier = createPasswordVerifier(dir);
    const userId = randomUUID();
    const file = join(dir, `${userId}.unlock.json`);
    writeFileSync(file, 'not json');
    expect(await verifier.check(userId, PASSWORD)).toBe('none');
    await verifier.remember(userId, PASSWORD);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Costs that would ask for gigabytes are refused before any work.
    writeFileSync(
      file,
      JSON.stringify({
        ...record,
        kdf: { name: 'argon2id', memoryKiB: 4_194_304, iterations: 3, parallelism: 1 },
      }),
    );
    expect(await verifier.check(userId, PASSWORD)).toBe('none');
    writeFileSync(file, JSON.stringify({ ...record, hash: Buffer.alloc(32).toString('base64') }));
    expect(await verifier.check(userId, PASSWORD)).toBe('wrong');
  });
});
