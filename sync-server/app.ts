import type http from 'node:http';
import https from 'node:https';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Brakes } from '#server/auth/brakes.ts';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from '#server/auth/lockout.ts';
import { secretBox } from '#server/auth/secret-box.ts';
import { sessionBusFor } from '#server/auth/session-bus.ts';
import { busFor } from '#server/changes/bus.ts';
import type { ServerContext } from '#server/context.ts';
import type { Db } from '#server/db/db.ts';
import type { Mailer } from '#server/email/mailer.ts';
import { authenticate } from '#server/http/auth.ts';
import { sendError } from '#server/http/errors.ts';
import { securityHeaders } from '#server/http/headers.ts';
import { accountRoutes, openAccountRoutes } from '#server/routes/accounts.ts';
import { agreementRoutes } from '#server/routes/agreements.ts';
import { auditRoutes } from '#server/routes/audit.ts';
import { authRoutes } from '#server/routes/auth.ts';
import { changeRoutes } from '#server/routes/changes.ts';
import { commandRoutes } from '#server/routes/commands.ts';
import { figureRoutes } from '#server/routes/figures.ts';
import { overdueRoutes } from '#server/referrals/overdue.ts';
import { eventRoutes, type StreamRegistry } from '#server/routes/events.ts';
import { healthRoutes } from '#server/routes/health.ts';
import { publicRoutes } from '#server/public/routes.ts';
import { hsdsRoutes } from '#server/hsds/routes.ts';
import { twoFactorRoutes } from '#server/routes/two-factor.ts';
import { meRoutes } from '#server/routes/me.ts';
import { referralRoutes } from '#server/routes/referrals.ts';
import { provisionRoutes } from '#server/routes/provision.ts';
import { organisationDetailRoutes } from '#server/routes/organisation-details.ts';
import { bulletinRoutes } from '#server/routes/bulletins.ts';
import { joinRequestRoutes } from '#server/routes/join-requests.ts';
import { taxonomyRoutes } from '#server/routes/taxonomy.ts';
import { organisationRoutes } from '#server/routes/organisations.ts';
import { deskSettingsRoutes } from '#server/routes/desk-settings.ts';
import { caseSeriesRoutes } from '#server/routes/case-series.ts';
import { inboxRoutes } from '#server/routes/inbox.ts';
import { attachmentRoutes } from '#server/routes/attachments.ts';
import { fhirRoutes } from '#server/routes/fhir.ts';
import { agencyContactRoutes } from '#server/routes/agency-contact.ts';

export type AppOptions = {
  db: Db;
  now?: () => Date;
  /** Heartbeat interval on event streams; default 15 s. */
  heartbeatMs?: number;
  /** Largest request body accepted; default 256 KiB. */
  bodyLimit?: number;
  /**
   * Request logging (method, url, status, time) to stdout, or to a stream of
   * your own; never bodies or tokens. Default off.
   */
  log?: boolean | LogStream;
  lockout?: LockoutPolicy;
  /**
   * The reverse proxy's addresses (comma-separated IPs or CIDRs, e.g.
   * "127.0.0.1"), from HANDOVER_TRUST_PROXY: requests from them are taken to
   * come from the address and scheme in X-Forwarded-For / -Proto. Without it
   * every request behind a proxy shares the proxy's address, and with it the
   * per-address brakes.
   */
  trustProxy?: string;
  /** Serve HTTPS with this certificate and key (PEM); otherwise plain HTTP (behind a TLS proxy). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The server's 32-byte key for secrets at rest (HANDOVER_SECRET_KEY); null: stored plain. */
  secretKey?: Buffer | null;
  /** Sends invitation emails as they are made (#6); absent: codes are only shown to pass on. */
  mailer?: Mailer | null;
  /** Told of every route as it is added (the fuzz test enumerates the API with it). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
};

export type LogStream = { write(line: string): void };

export const DEFAULT_BODY_LIMIT = 256 * 1024;
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Maps Fastify's own errors (parsing, limits) to reason-coded bodies; never a stack trace. */
const onError = (app: FastifyInstance) =>
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'too-large');
    if (status === 415) return sendError(reply, 415, 'bad-request', 'send application/json');
    if (status >= 400 && status < 500) {
      const detail =
        error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'empty JSON body'
          : error.name === 'SyntaxError' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
            ? 'malformed JSON'
            : 'bad request';
      return sendError(reply, status, 'bad-request', detail);
    }
    // Only the error's name and code: its message may quote input.
    request.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
    return sendError(reply, 500, 'internal');
  });

/** The sync server's HTTP API (DESIGN.md, "The sync server"). Does not listen. */
export const buildApp = (options: AppOptions): FastifyInstance => {
  const ctx: ServerContext = {
    db: options.db,
    bus: busFor(options.db),
    now: options.now ?? (() => new Date()),
    brakes: new Brakes(options.db),
    lockout: options.lockout ?? DEFAULT_LOCKOUT,
    tls: options.tls !== undefined,
    secrets: secretBox(options.secretKey ?? null),
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    mailer: options.mailer ?? null,
    sessions: sessionBusFor(options.db),
  };
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: options.log
      ? {
          // The default request serialiser has no headers or body; redact anyway
          // in case a later serialiser adds them.
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          ...(typeof options.log === 'object' && { stream: options.log }),
        }
      : false,
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.tls && {
      serverFactory: (handler: http.RequestListener) =>
        https.createServer(
          { cert: options.tls?.cert, key: options.tls?.key, minVersion: 'TLSv1.2' },
          handler,
        ),
    }),
    // Errors Fastify meets before routing (a malformed percent-encoding in the
    // path): reason-coded like every other refusal, never echoing the path.
    frameworkErrors: (error, _request, reply) => {
      void sendError(
        reply,
        400,
        'bad-request',
        error.code === 'FST_ERR_BAD_URL' ? 'malformed path' : 'bad request',
      );
    },
    // Request ids from the server, never echoed from a client header.
    genReqId: (() => {
      let n = 0;
      return () => `r${(++n).toString(36)}`;
    })(),
  });
  const streams: StreamRegistry = new Set();
  const { onRoute } = options;
  if (onRoute)
    app.addHook('onRoute', (route) => {
      onRoute({ method: route.method, url: route.url });
    });

  onError(app);
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not-found'));
  app.addHook('onSend', (_request, reply, payload, done) => {
    void reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    done(null, payload);
  });
  securityHeaders(app, { tls: options.tls !== undefined });
  // Open event streams would keep close() waiting for ever.
  app.addHook('preClose', (done) => {
    for (const stop of [...streams]) stop();
    done();
  });

  healthRoutes(app);
  // The public directory (no sign-in), in its own scope for its form parser.
  void app.register((pub, _opts, done) => {
    publicRoutes(pub, ctx);
    done();
  });
  // The open, read-only Open Referral HSDS 3 API, in its own scope for its CORS header.
  void app.register((open, _opts, done) => {
    hsdsRoutes(open, ctx);
    done();
  });
  authRoutes(app, ctx);
  openAccountRoutes(app, ctx);
  void app.register((api, _opts, done) => {
    api.addHook('onRequest', authenticate(ctx));
    meRoutes(api, ctx);
    commandRoutes(api, ctx);
    changeRoutes(api, ctx);
    referralRoutes(api, ctx);
    eventRoutes(api, ctx, streams);
    figureRoutes(api, ctx);
    overdueRoutes(api, ctx);
    accountRoutes(api, ctx);
    twoFactorRoutes(api, ctx);
    agreementRoutes(api, ctx);
    auditRoutes(api, ctx);
    provisionRoutes(api, ctx);
    organisationDetailRoutes(api, ctx);
    bulletinRoutes(api, ctx);
    joinRequestRoutes(api, ctx);
    taxonomyRoutes(api, ctx);
    organisationRoutes(api, ctx);
    deskSettingsRoutes(api, ctx);
    caseSeriesRoutes(api, ctx);
    inboxRoutes(api, ctx);
    attachmentRoutes(api, ctx);
    fhirRoutes(api, ctx);
    agencyContactRoutes(api, ctx);
    done();
  });
  return app;
};
