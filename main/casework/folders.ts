import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { FolderListing } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';

/**
 * Choosing a folder on this computer for backups (#5), for web mode where a
 * browser cannot hand over a real path: list a folder's sub-folders, offer
 * starting points a volunteer recognises, make a new folder, and check a
 * folder can really be written to. Every path from the renderer is checked
 * here: absolute, normalised, there, and a folder.
 */

export type FolderReason =
  | 'folder-not-found'
  | 'folder-unreadable'
  | 'folder-not-writable'
  | 'folder-name-invalid'
  | 'folder-exists';

type Place = FolderListing['places'][number];

/** What the starting points are found from; tests pass their own. */
export type PlaceEnv = {
  home: string;
  user: string;
  platform: NodeJS.Platform;
  /** Where /media, /run/media and /Volumes are looked for ('/' in real life). */
  root: string;
  /** The mount table (Linux /proc/mounts), for network shares. */
  mounts: () => string;
  /** The user's id, for the desktop's own network mounts (GNOME: /run/user/<uid>/gvfs). */
  uid: number | null;
};

export const systemPlaceEnv = (): PlaceEnv => ({
  home: homedir(),
  user: safeUser(),
  platform: process.platform,
  root: '/',
  uid: process.getuid?.() ?? null,
  mounts: () => {
    try {
      return readFileSync('/proc/mounts', 'utf8');
    } catch {
      return '';
    }
  },
});

const safeUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
};

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** An absolute, normalised path to an existing folder, or why not. */
export const checkFolder = (path: string): Result<string, FolderReason> => {
  if (!isAbsolute(path) || path.includes('\0')) return err('folder-not-found');
  const normal = resolve(path);
  return isFolder(normal) ? ok(normal) : err('folder-not-found');
};

const byName = (a: string, b: string): number =>
  a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

/** Sub-folders (not hidden) of a folder that exists, or null when it cannot be read. */
const subFolders = (path: string): string[] | null => {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => !entry.name.startsWith('.'))
      .filter(
        (entry) =>
          // A link to a folder (a mounted drive, a shortcut) counts as a folder.
          entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(path, entry.name))),
      )
      .map((entry) => entry.name)
      .sort(byName);
  } catch {
    return null;
  }
};

/** /media/<another user>: a folder of mount points, itself on the root file system. */
const isUserFolder = (path: string): boolean => {
  try {
    return statSync(path).dev === statSync(dirname(path)).dev;
  } catch {
    return true;
  }
};

/** GNOME names a share's mount point like `smb-share:server=office,share=backups`. */
const gvfsName = (name: string): string => {
  const fields = new Map(
    name
      .slice(name.indexOf(':') + 1)
      .split(',')
      .map((pair) => pair.split('=') as [string, string | undefined]),
  );
  const server = fields.get('server') ?? fields.get('host');
  const share = fields.get('share');
  return server !== undefined && share !== undefined ? `${share} on ${server}` : name;
};

/** File systems that are network shares, as named in the Linux mount table. */
const NETWORK_FS = new Set([
  'cifs',
  'smb3',
  'smbfs',
  'nfs',
  'nfs4',
  'fuse.sshfs',
  'davfs',
  'fuse.davfs2',
]);

/** The mount table escapes spaces and a few other characters as octal. */
const unescapeMount = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/** Starting points a volunteer understands, that exist on this computer. */
export const places = (env: PlaceEnv = systemPlaceEnv()): Place[] => {
  const found: Place[] = [];
  const add = (label: string, path: string): void => {
    if (isFolder(path) && !found.some((p) => p.path === path)) found.push({ label, path });
  };
  add('Your home folder', env.home);
  add('Documents', join(env.home, 'Documents'));
  add('Desktop', join(env.home, 'Desktop'));
  const drivesIn = (parent: string, label: (name: string) => string): void => {
    for (const name of subFolders(parent) ?? []) add(label(name), join(parent, name));
  };
  if (env.platform === 'win32') {
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') add(`Drive ${letter}:`, `${letter}:\\`);
  } else if (env.platform === 'darwin') {
    drivesIn(join(env.root, 'Volumes'), (name) => `Drive: ${name}`);
  } else {
    const usb = (name: string): string => `USB stick or drive: ${name}`;
    if (env.user !== '') {
      drivesIn(join(env.root, 'media', env.user), usb);
      drivesIn(join(env.root, 'run', 'media', env.user), usb);
    }
    // Some systems mount sticks straight under /media (/media/usb0); another
    // user's folder there is theirs, not a drive.
    for (const name of subFolders(join(env.root, 'media')) ?? []) {
      const path = join(env.root, 'media', name);
      if (name !== env.user && !isUserFolder(path)) add(usb(name), path);
    }
    // Shares opened in the desktop's file manager (GNOME, KDE with kio-fuse).
    if (env.uid !== null)
      drivesIn(
        join(env.root, 'run', 'user', String(env.uid), 'gvfs'),
        (name) => `Network share: ${gvfsName(name)}`,
      );
    for (const line of env.mounts().split('\n')) {
      const [, point, type] = line.split(' ');
      if (point !== undefined && type !== undefined && NETWORK_FS.has(type)) {
        const path = unescapeMount(point);
        add(`Network share: ${basename(path) || path}`, path);
      }
    }
  }
  return found;
};

/** One folder's sub-folders, its parent and the starting points. */
export const listFolder = (
  path: string | null,
  env: PlaceEnv = systemPlaceEnv(),
): Result<FolderListing, FolderReason> => {
  const checked = checkFolder(path ?? env.home);
  if (!checked.ok) return checked;
  const folders = subFolders(checked.value);
  if (folders === null) return err('folder-unreadable');
  const parent = dirname(checked.value);
  return ok({
    path: checked.value,
    parent: parent === checked.value ? null : parent,
    folders,
    places: places(env),
  });
};

/** Characters no folder name may hold on any system Handover runs on. */
const BAD_NAME = /[/\\:*?"<>|\0]/;

/** Makes a new folder inside `parent` and lists it. */
export const createFolder = (
  parent: string,
  name: string,
  env: PlaceEnv = systemPlaceEnv(),
): Result<FolderListing, FolderReason> => {
  const checked = checkFolder(parent);
  if (!checked.ok) return checked;
  const trimmed = name.trim();
  // A hidden name would vanish from the list it was made in.
  if (trimmed === '' || trimmed.length > 100 || trimmed.startsWith('.') || BAD_NAME.test(trimmed))
    return err('folder-name-invalid');
  const path = join(checked.value, trimmed);
  if (existsSync(path)) return err('folder-exists');
  try {
    mkdirSync(path);
  } catch {
    return err('folder-not-writable');
  }
  return listFolder(path, env);
};

/**
 * Whether Handover can write to a folder: a small file is written, read
 * back and removed. A folder that only looks writable (a USB stick's lock
 * switch, a share's permissions) fails here, before it is saved.
 */
export const checkWritable = (path: string): Result<string, FolderReason> => {
  const checked = checkFolder(path);
  if (!checked.ok) return checked;
  const probe = join(checked.value, `.handover-write-check-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, 'Handover checks it can write here; this file is removed at once.\n', {
      flag: 'wx',
    });
    return readFileSync(probe).length > 0 ? ok(checked.value) : err('folder-not-writable');
  } catch {
    return err('folder-not-writable');
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // A folder that lets files be written but not removed still takes backups.
    }
  }
};
