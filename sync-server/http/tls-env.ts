import { readFileSync } from 'node:fs';

/**
 * TLS from the environment: TLS_CERT_FILE and TLS_KEY_FILE (PEM), both or
 * neither. Neither means plain HTTP — for 127.0.0.1, or behind a reverse
 * proxy that terminates TLS (SECURITY.md).
 */
export const tlsFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
):
  { ok: true; tls: { cert: Buffer; key: Buffer } | undefined } | { ok: false; problem: string } => {
  const certFile = env.TLS_CERT_FILE ?? '';
  const keyFile = env.TLS_KEY_FILE ?? '';
  if (certFile === '' && keyFile === '') return { ok: true, tls: undefined };
  if (certFile === '' || keyFile === '') {
    return { ok: false, problem: 'set both TLS_CERT_FILE and TLS_KEY_FILE, or neither' };
  }
  try {
    return { ok: true, tls: { cert: readFileSync(certFile), key: readFileSync(keyFile) } };
  } catch {
    return { ok: false, problem: 'cannot read TLS_CERT_FILE or TLS_KEY_FILE' };
  }
};
