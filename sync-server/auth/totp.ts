import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as every
 * authenticator app expects. One step either side is accepted for clock
 * drift.
 */
const totp = (secretBase32: string, label = 'Handover') =>
  new TOTP({
    issuer: 'Handover',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// address an authenticator app reads (as a QR code or typed). */
export const totpUri = (secretBase32: string, email: string): string =>
  totp(secretBase32, email).toString();

export const checkTotp = (secretBase32: string, code: string, now: Date): boolean =>
  totpStep(secretBase32, code, now) !== null;

/**
 * The 30-second step a right code belongs to, or null for a wrong one. Kept
 * after each sign-in so that the same code (or an older one) never works twice.
 */
export const totpStep = (secretBase32: string, code: string, now: Date): number | null => {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
};

/** For tests and the demo: the code an authenticator app would show at `now`. */
export const totpCode = (secretBase32: string, now: Date): string =>
  totp(secretBase32).generate({ timestamp: now.getTime() });
