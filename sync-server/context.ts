import type { Brakes } from '#server/auth/brakes.ts';
import type { LockoutPolicy } from '#server/auth/lockout.ts';
import type { SecretBox } from '#server/auth/secret-box.ts';
import type { SessionBus } from '#server/auth/session-bus.ts';
import type { ChangeBus } from '#server/changes/bus.ts';
import type { Db } from '#server/db/db.ts';
import type { Mailer } from '#server/email/mailer.ts';

/** What every route may use. Built once per server by `buildApp`. */
export type ServerContext = {
  readonly db: Db;
  readonly bus: ChangeBus;
  /** The server's clock; injectable so tests can fix the date. */
  readonly now: () => Date;
  /** The shared, database-held brake on repeated attempts (auth/brakes.ts). */
  readonly brakes: Brakes;
  /** Allowances for sign-in and code guessing (auth/lockout.ts). */
  readonly lockout: LockoutPolicy;
  /** The server itself speaks HTTPS (so cookies get `Secure`, streams get HSTS). */
  readonly tls: boolean;
  /** Seals two-factor secrets at rest under the server's key. */
  readonly secrets: SecretBox;
  /** How often an idle event stream gets a heartbeat comment. */
  readonly heartbeatMs: number;
  /** The network's SMTP server, for invitations sent as they are made (#6); null: no email. */
  readonly mailer: Mailer | null;
  /** Announces ended sessions, so open event streams of them close at once (#6). */
  readonly sessions: SessionBus;
};
