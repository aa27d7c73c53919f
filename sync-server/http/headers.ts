import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, set by hand (the set is small and
 * fixed). A route that serves HTML may set its own Content-Security-Policy;
 * otherwise API answers get one that allows nothing at all.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/**
 * The headers every answer carries whatever its type. Also written by hand
 * where a route takes over the raw response (the event stream), which the
 * onSend hook below never sees.
 */
export const fixedSecurityHeaders = (tls: boolean): Record<string, string> => ({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // Only over TLS: browsers ignore it on plain HTTP, and it would be a lie there.
  ...(tls && { 'strict-transport-security': 'max-age=31536000' }),
});

/** For a hijacked (raw) answer that is not HTML, such as the event stream. */
export const rawSecurityHeaders = (tls: boolean): Record<string, string> => ({
  'content-security-policy': API_CSP,
  ...fixedSecurityHeaders(tls),
});

export const securityHeaders = (app: FastifyInstance, options: { tls: boolean }): void => {
  const fixed = Object.entries(fixedSecurityHeaders(options.tls));
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header(
        'content-security-policy',
        type.startsWith('text/html') ? PAGE_CSP : API_CSP,
      );
    }
    for (const [name, value] of fixed) void reply.header(name, value);
    done(null, payload);
  });
};
