import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, set by hand (the set is small and
 * fixed). A route that serves HTML may set its own Content-Security-Policy;
 * otherwise API answers get one that allows nothing at all.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

export const securityHeaders = (app: FastifyInstance, options: { tls: boolean }): void => {
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header(
        'content-security-policy',
        type.startsWith('text/html') ? PAGE_CSP : API_CSP,
      );
    }
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // Only over TLS: browsers ignore it on plain HTTP, and it would be a lie there.
    if (options.tls) void reply.header('strict-transport-security', 'max-age=31536000');
    done(null, payload);
  });
};
