import { dictionary } from '@zxcvbn-ts/language-common';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '#src/wire/accounts.ts';
import { err, ok, type Result } from '#src/result.ts';

/**
 * Length over complexity (NCSC, NIST SP 800-63B): at least 12 characters, no
 * rules about symbols or digits, and never one of the commonest passwords
 * (zxcvbn's list of about 49,000), nor one of them with digits or symbols
 * tacked on ("password1234!"), nor the person's own email or name.
 */
export type PasswordProblem = 'too-short' | 'too-long' | 'too-common' | 'like-account';

const COMMON = new Set<string>(dictionary['passwords-common']);

/** Names a network's staff would guess first. */
const LOCAL_WORDS = ['handover', 'password', 'advice', 'welcome', 'letmein', 'qwerty'];

const core = (password: string): string =>
  password
    .toLowerCase()
    .replace(/[^a-z]+$/u, '')
    .replace(/^[^a-z]+/u, '');

export const checkPassword = (
  password: string,
  account: { email: string; name: string },
): Result<void, PasswordProblem> => {
  // Count code points, not UTF-16 units, so a passphrase in any script is fair.
  const length = Array.from(password).length;
  if (length < MIN_PASSWORD_LENGTH) return err('too-short');
  if (length > MAX_PASSWORD_LENGTH) return err('too-long');
  const lower = password.toLowerCase();
  const squeezed = lower.replace(/[\s\-_.]+/gu, '');
  if (COMMON.has(lower) || COMMON.has(squeezed) || COMMON.has(core(password))) {
    return err('too-common');
  }
  if (LOCAL_WORDS.some((w) => core(squeezed) === w || core(squeezed) === w.repeat(2))) {
    return err('too-common');
  }
  // One or two characters over and over ("aaaaaaaaaaaa", "abababababab").
  if (new Set(lower).size <= 2) return err('too-common');
  const local = account.email.toLowerCase().split('@')[0] ?? '';
  const names = [local, ...account.name.toLowerCase().split(/\s+/u)].filter((n) => n.length >= 4);
  if (names.some((n) => squeezed === n || core(squeezed) === n)) return err('like-account');
  if (lower === account.email.toLowerCase()) return err('like-account');
  return ok(undefined);
};
