import type { BackupStatus, Handlers, SessionState } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import type { Me } from '#src/wire/api.ts';
import { restoreBackup } from '#main/casework/backup.ts';
import { checkWritable, createFolder, listFolder } from '#main/casework/folders.ts';
import type { PlaceEnv } from '#main/casework/folders.ts';
import { systemClock } from '#main/casework/auto-lock.ts';
import type { DeskClock } from '#main/casework/auto-lock.ts';
import type { KeyCustodian } from '#main/keys/custody.ts';
import { backupStore, pruneBackups } from '#main/store/backup.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import type { Database } from '#main/store/open.ts';

export type BackupChannel =
  | 'backup.status'
  | 'backup.settings'
  | 'backup.now'
  | 'session.restoreBackup'
  | 'folders.choose'
  | 'folders.list'
  | 'folders.create';

/**
 * The system's folder window (Electron's, given by the shell): resolves to
 * the chosen folder, or null when the user cancels.
 */
export type ChooseFolder = (start: string | null) => Promise<string | null>;

export type BackupContext = {
  custody: KeyCustodian;
  session: () => { db: Database; me: Me } | null;
  /** The signed-in user's store id, and where their store file goes, while locked. */
  locked: () => { storeId: string; storeFile: string } | null;
  unlock: (passphrase: string | undefined) => Promise<Result<SessionState, Reason>>;
  /** Time for the schedule; tests pass one they move on by hand. */
  clock?: DeskClock;
  /** How often to look whether a scheduled backup is due. */
  checkEveryMs?: number;
  /** Absent in web mode: the renderer then shows the app's own folder list. */
  chooseFolder?: ChooseFolder | undefined;
  /** Where the folder list's starting points are found; tests pass their own. */
  places?: PlaceEnv;
};

/** Backups of one user kept in the folder unless they choose otherwise. */
export const DEFAULT_KEEP = 10;

/** Whether a scheduled backup is due: never when the schedule is off (0 hours). */
export const backupDue = (lastAt: string | null, everyHours: number, now: Date): boolean =>
  everyHours > 0 &&
  (lastAt === null || now.getTime() - new Date(lastAt).getTime() >= everyHours * 3_600_000);

/**
 * Backups on demand and on a schedule to the folder the adviser chose, and
 * restoring a backup onto this computer. The schedule is kept in the store
 * (per user); a timer looks every few minutes whether one is due.
 */
export const backupFeature = (ctx: BackupContext) => {
  const clock = ctx.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());
  let lastProblem: Reason | null = null;

  const status = (db: Database): BackupStatus => ({
    folder: getMeta(db, 'backup-folder'),
    everyHours: Number(getMeta(db, 'backup-every-hours') ?? '0'),
    lastBackupAt: getMeta(db, 'last-backup-at'),
    lastProblem,
    keep: Number(getMeta(db, 'backup-keep') ?? String(DEFAULT_KEEP)),
  });

  const run = async (db: Database, me: Me): Promise<Result<BackupStatus, Reason>> => {
    const folder = getMeta(db, 'backup-folder');
    if (folder === null) return err('backup-folder-unavailable');
    const envelope = await ctx.custody.recoveryEnvelope(me.user.id);
    if (envelope === null) return err('no-recovery-key');
    // The store may have closed while the envelope was read (locked, signed
    // out, or closed for a key change): back up next time, not from a closed file.
    if (ctx.session()?.db !== db || !db.open) return err('not-signed-in');
    const at = now();
    const made = backupStore(db, folder, envelope, at);
    if (!made.ok) {
      lastProblem = made.reason;
      return err(made.reason);
    }
    lastProblem = null;
    setMeta(db, 'last-backup-at', at.toISOString());
    // Only after a checked new backup; a folder that refuses deletion keeps
    // its old backups, which is safe, so that is not a failed backup.
    try {
      pruneBackups(folder, `store:${me.user.id}`, status(db).keep);
    } catch {
      // Left for next time.
    }
    return ok(status(db));
  };

  /** Runs a scheduled backup if one is due; exported for tests and the timer. */
  const runDue = async (): Promise<void> => {
    const session = ctx.session();
    if (session === null) return;
    const { everyHours, lastBackupAt, folder } = status(session.db);
    if (folder !== null && backupDue(lastBackupAt, everyHours, now())) {
      await run(session.db, session.me);
    }
  };
  // The system clock's timer never keeps the app (or a test) alive by itself.
  // A failure here is reported on the Backups page; it must never escape the timer.
  const stopTimer = clock.every(ctx.checkEveryMs ?? 5 * 60_000, () => {
    runDue().catch(() => {
      lastProblem = 'backup-check-failed';
    });
  });

  // Folders are listed for someone signed in on this desk (open or locked:
  // restoring a backup happens while locked), never for a signed-out screen.
  const signedIn = (): boolean => ctx.session() !== null || ctx.locked() !== null;

  const handlers: Pick<Handlers, BackupChannel> = {
    'backup.status': () => {
      const session = ctx.session();
      return Promise.resolve(
        session === null
          ? {
              folder: null,
              everyHours: 0,
              lastBackupAt: null,
              lastProblem: null,
              keep: DEFAULT_KEEP,
            }
          : status(session.db),
      );
    },
    'backup.settings': ({ folder, everyHours, keep }) => {
      const session = ctx.session();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      // Saved only once a file has really been written there and removed.
      const writable = checkWritable(folder);
      if (!writable.ok) return Promise.resolve(err(writable.reason));
      setMeta(session.db, 'backup-folder', writable.value);
      setMeta(session.db, 'backup-every-hours', String(everyHours));
      if (keep !== undefined) setMeta(session.db, 'backup-keep', String(keep));
      return Promise.resolve(ok(status(session.db)));
    },
    'backup.now': async () => {
      const session = ctx.session();
      if (session === null) return err('not-signed-in');
      return run(session.db, session.me);
    },
    'folders.choose': async ({ start }) => {
      if (!signedIn()) return err('not-signed-in');
      if (ctx.chooseFolder === undefined) return err('no-folder-dialog');
      const chosen = await ctx.chooseFolder(start);
      return ok({ folder: chosen });
    },
    'folders.list': ({ path }) =>
      Promise.resolve(signedIn() ? listFolder(path, ctx.places) : err('not-signed-in')),
    'folders.create': ({ parent, name }) =>
      Promise.resolve(signedIn() ? createFolder(parent, name, ctx.places) : err('not-signed-in')),
    'session.restoreBackup': async ({ backupFolder, recoveryKey, newPassphrase }) => {
      const locked = ctx.locked();
      if (locked === null) return err('not-signed-in');
      const restored = await restoreBackup(
        ctx.custody,
        { backupFolder, recoveryKey, ...locked },
        newPassphrase === null ? {} : { passphrase: newPassphrase },
      );
      if (!restored.ok) return err(restored.reason);
      return ctx.unlock(newPassphrase ?? undefined);
    },
  };

  return { handlers, runDue, stop: stopTimer };
};
