import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { userOf } from '#server/http/auth.ts';
import { rawSecurityHeaders } from '#server/http/headers.ts';
import { API } from '#src/wire/api.ts';

/** Open event streams, each with the function that ends it (used on shutdown). */
export type StreamRegistry = Set<() => void>;

/**
 * GET /events: a server-sent events stream that nudges the client when a
 * change it may see has committed (`event: changes`, `data: {"seq":N}`); the
 * client then pulls the change feed. A comment line every `heartbeatMs`
 * keeps proxies from closing an idle stream. When the session ends the
 * stream gets `event: signed-out` and closes.
 */
export const eventRoutes = (
  app: FastifyInstance,
  ctx: ServerContext,
  streams: StreamRegistry,
): void => {
  app.get(`${API}/events`, { exposeHeadRoute: false }, (request, reply) => {
    const user = userOf(request);
    const org = user.organisationId;
    reply.hijack();
    const res = reply.raw;
    // Hijacked, so the app's onSend hooks never run: the security headers by hand (#12).
    res.writeHead(200, {
      ...rawSecurityHeaders(ctx.tls),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const write = (chunk: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(chunk);
    };
    write('retry: 3000\n\n');

    const unsubscribe = ctx.bus.subscribe((n) => {
      if (n.visibleTo === null || (org !== null && n.visibleTo.includes(org))) {
        write(`event: changes\ndata: ${JSON.stringify({ seq: n.seq })}\n\n`);
      }
    });
    const heartbeat = setInterval(() => {
      write(': heartbeat\n\n');
    }, ctx.heartbeatMs);
    heartbeat.unref();

    // The session ended (disabled, signed out, password reset): say so, then close, so
    // the desk locks now rather than at its next exchange with the server (#6).
    const unsubscribeEnded = ctx.sessions.subscribe((ended) => {
      const mine =
        'userId' in ended ? ended.userId === user.id : ended.tokenHash === user.tokenHash;
      if (!mine) return;
      write('event: signed-out\ndata: {}\n\n');
      stop();
    });

    const finish = () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeEnded();
      streams.delete(stop);
    };
    const stop = () => {
      finish();
      res.end();
    };
    streams.add(stop);
    res.on('close', finish);
    res.on('error', finish);
  });
};
