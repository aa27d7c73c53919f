import type { AddressInfo } from 'node:net';
import { buildApp } from '#server/app.ts';
import { sessionBusFor } from '#server/auth/session-bus.ts';
import { busFor } from '#server/changes/bus.ts';
import type { Db } from '#server/db/db.ts';
import { migrate } from '#server/db/migrations.ts';
import { openDb } from '#server/db/open.ts';
import type { SmtpConfig } from '#server/email/config.ts';
import { createMailer } from '#server/email/mailer.ts';
import { startJobs } from '#server/jobs/expire.ts';

// Often enough that a new referral's email goes out within about a minute.
const DEFAULT_JOBS_EVERY_MS = 60_000;

export type StartOptions = {
  /** 0 = any free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite data directory; neither this nor `databaseUrl`: PGlite in memory. */
  dataDir?: string;
  /** PostgreSQL connection string; wins over `dataDir`. */
  databaseUrl?: string;
  /** An open database to serve instead (tests); left open by `close`. */
  db?: Db;
  now?: () => Date;
  heartbeatMs?: number;
  bodyLimit?: number;
  log?: boolean;
  /**
   * How often the periodic jobs run (closing unanswered referrals as "no
   * response"). 0 turns them off (tests drive them with their own clock).
   * Default: every minute.
   */
  jobsEveryMs?: number;
  /** SMTP settings (HANDOVER_SMTP_*); without them no email is sent. */
  smtp?: SmtpConfig | null;
  /** HTTPS with this certificate and key (TLS_CERT_FILE, TLS_KEY_FILE). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The 32-byte key sealing secrets at rest (HANDOVER_SECRET_KEY). */
  secretKey?: Buffer | null;
  /** See AppOptions.trustProxy (HANDOVER_TRUST_PROXY). */
  trustProxy?: string;
};

export type RunningServer = {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
};

/** Opens the database, runs its migrations, and listens. */
export const startServer = async (options: StartOptions = {}): Promise<RunningServer> => {
  const ownsDb = options.db === undefined;
  const db =
    options.db ?? (await openDb({ dataDir: options.dataDir, databaseUrl: options.databaseUrl }));
  const bus = busFor(db);
  const sessionBus = sessionBusFor(db);
  let listening = false;
  try {
    if (!ownsDb) await migrate(db);
    await bus.listen();
    listening = true;
    // Stopping a bus that never listened does nothing, so one flag covers both.
    await sessionBus.listen();
    const mailer = options.smtp ? createMailer(options.smtp) : null;
    const app = buildApp({
      db,
      mailer,
      ...(options.now && { now: options.now }),
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
      ...(options.log !== undefined && { log: options.log }),
      ...(options.secretKey !== undefined && { secretKey: options.secretKey }),
      ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
      ...(options.tls && { tls: options.tls }),
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 8787, host });
    const { port } = app.server.address() as AddressInfo;
    const everyMs = options.jobsEveryMs ?? DEFAULT_JOBS_EVERY_MS;
    const jobs =
      everyMs > 0
        ? startJobs(db, {
            everyMs,
            mailer,
            now: options.now ?? (() => new Date()),
            onError: (error) => {
              app.log.error({ err: error }, 'periodic job failed');
            },
          })
        : null;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    let closing: Promise<void> | null = null;
    return {
      url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
      port,
      db,
      close: () =>
        (closing ??= (async () => {
          await jobs?.stop();
          mailer?.close();
          await app.close();
          await bus.stop();
          await sessionBus.stop();
          if (ownsDb) await db.close();
        })()),
    };
  } catch (error) {
    if (listening) {
      await bus.stop();
      await sessionBus.stop();
    }
    if (ownsDb) await db.close();
    throw error;
  }
};
