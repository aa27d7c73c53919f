import { parseArgs } from 'node:util';
import { appendAuditIn } from '#server/audit/log.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { DataDirInUseError, openDb } from '#server/db/open.ts';
import { loadNetwork } from '#server/network/load.ts';
import {
  DEFAULT_SESSION_IDLE_HOURS,
  DEFAULT_SESSION_MAX_DAYS,
  networkSettingsSchema,
} from '#src/wire/network.ts';

/**
 * `npm run admin -- set-session-lifetimes [--idle-hours N] [--max-days N]`
 * (#12): how long a session lives without use and at most, in the network
 * settings, checked by the same schema as every other setting. The server
 * reads them at each request: no restart needed. Without options it shows
 * the current lifetimes.
 */
export const SESSIONS_COMMAND = 'set-session-lifetimes';

export const SESSIONS_HELP = `  set-session-lifetimes [--idle-hours N] [--max-days N]
      How long a device stays signed in: ended after N hours without use (1 to 336,
      default ${DEFAULT_SESSION_IDLE_HOURS}) and N days after sign-in however much it is used (1 to 365,
      default ${DEFAULT_SESSION_MAX_DAYS}). Without options: shows the current lifetimes.`;

type Io = {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
};

const open = async (io: Io): Promise<Db | null> => {
  const databaseUrl = io.env.DATABASE_URL === '' ? undefined : io.env.DATABASE_URL;
  try {
    return await openDb(
      databaseUrl ? { databaseUrl } : { dataDir: io.env.HANDOVER_DATA_DIR ?? '.handover/server' },
    );
  } catch (error) {
    io.err(
      `handover admin: ${error instanceof DataDirInUseError ? error.message : 'cannot open the database'}`,
    );
    return null;
  }
};

const lifetimesSchema = networkSettingsSchema.pick({
  sessionIdleHours: true,
  sessionMaxDays: true,
});

type Lifetimes = { sessionIdleHours?: number; sessionMaxDays?: number };

/** The command's options, checked by the network settings' own schema. Pure. */
export const parseSessionsArgs = (argv: readonly string[]): Lifetimes | null => {
  let values: { 'idle-hours'?: string; 'max-days'?: string };
  try {
    ({ values } = parseArgs({
      args: argv.slice(1),
      options: { 'idle-hours': { type: 'string' }, 'max-days': { type: 'string' } },
      strict: true,
    }));
  } catch {
    return null;
  }
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const parsed = lifetimesSchema.safeParse({
    sessionIdleHours: number(values['idle-hours']),
    sessionMaxDays: number(values['max-days']),
  });
  if (!parsed.success) return null;
  const { sessionIdleHours, sessionMaxDays } = parsed.data;
  return {
    ...(sessionIdleHours !== undefined && { sessionIdleHours }),
    ...(sessionMaxDays !== undefined && { sessionMaxDays }),
  };
};

/**
 * Sets the given lifetimes in the network settings (audited in the same
 * transaction) and returns the ones now in force, or null with no network.
 */
export const setSessionLifetimes = async (
  db: Db,
  change: Lifetimes,
  now: Date,
): Promise<{ idleHours: number; maxDays: number } | null> => {
  if (Object.keys(change).length > 0) {
    await db.tx(async (q) => {
      const updated = await q.query(
        `update network set settings = settings || $1::text::jsonb returning id`,
        [json(change)],
      );
      if (updated.length === 0) return;
      await appendAuditIn(
        q,
        {
          action: 'network.session-lifetimes',
          actorUserId: null,
          organisationIds: [],
          detail: change,
        },
        now,
      );
    });
  }
  const network = await loadNetwork(db);
  if (network === null) return null;
  return {
    idleHours: network.settings.sessionIdleHours ?? DEFAULT_SESSION_IDLE_HOURS,
    maxDays: network.settings.sessionMaxDays ?? DEFAULT_SESSION_MAX_DAYS,
  };
};

/** Exit codes as the rest of the admin tool: 0 done, 1 refused or failed, 2 bad arguments. */
export const runSessionsAdmin = async (argv: readonly string[], io: Io): Promise<number> => {
  const change = parseSessionsArgs(argv);
  if (change === null) {
    io.err(
      `handover admin: ${SESSIONS_COMMAND} takes --idle-hours (a whole number from 1 to 336) and --max-days (1 to 365)`,
    );
    return 2;
  }
  const db = await open(io);
  if (db === null) return 1;
  try {
    const now = await setSessionLifetimes(db, change, new Date());
    if (now === null) {
      io.err('handover admin: there is no network yet (see create-network)');
      return 1;
    }
    const { idleHours: idle, maxDays: max } = now;
    io.out(
      `Sessions end after ${idle} hour${idle === 1 ? '' : 's'} without use, and ${max} day${max === 1 ? '' : 's'} after sign-in.`,
    );
    return 0;
  } finally {
    await db.close();
  }
};
