import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { err, ok, type Result } from '#src/result.ts';

/**
 * A PGlite data directory may be opened by one process only (two would
 * corrupt it). Whoever opens it — the server or the admin CLI — writes its
 * pid to `<dataDir>.lock` beside it and removes it on close. A lock whose
 * process has gone is stale and taken over.
 */
export type DirLock = { readonly path: string; release(): void };

export const lockPathFor = (dataDir: string): string => `${resolve(dataDir)}.lock`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const holder = (path: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

export const lockDataDir = (dataDir: string): Result<DirLock, 'in-use'> => {
  const path = lockPathFor(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return ok({
        path,
        release: () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(path);
      if (pid !== null && pid !== process.pid && alive(pid)) return err('in-use', `pid ${pid}`);
      if (pid === process.pid) return err('in-use', 'this process');
      rmSync(path, { force: true });
    }
  }
  return err('in-use', 'could not take the lock');
};
