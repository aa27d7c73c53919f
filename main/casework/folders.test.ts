import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkFolder,
  checkWritable,
  createFolder,
  listFolder,
  places,
} from '#main/casework/folders.ts';
import type { PlaceEnv } from '#main/casework/folders.ts';

/**
 * Choosing the backup folder in the app (#5), on real temporary folders: the
 * listing, its starting points, a new folder, the checks at the boundary and
 * the write check.
 */
let root = '';
let env: PlaceEnv;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'handover-folders-'));
  const home = join(root, 'home', 'sam');
  mkdirSync(join(home, 'Documents'), { recursive: true });
  env = { home, user: 'sam', platform: 'linux', root, mounts: () => '', uid: 1000 };
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('listing a folder', () => {
  it('gives sub-folder names only, hidden ones left out, sorted, with the parent', () => {
    const here = join(root, 'here');
    for (const name of ['zebra', 'Apple', 'banana', '.hidden', 'folder 10', 'folder 9'])
      mkdirSync(join(here, name), { recursive: true });
    writeFileSync(join(here, 'a-file.txt'), 'not a folder');
    symlinkSync(join(here, 'zebra'), join(here, 'link-to-zebra'));
    const listed = listFolder(`${here}/./zebra/..`, env);
    expect(listed).toMatchObject({
      ok: true,
      value: {
        path: here,
        parent: root,
        folders: ['Apple', 'banana', 'folder 9', 'folder 10', 'link-to-zebra', 'zebra'],
      },
    });
  });

  it('starts at the home folder, and the top of the drive has no parent', () => {
    expect(listFolder(null, env)).toMatchObject({
      ok: true,
      value: { path: env.home, folders: ['Documents'] },
    });
    expect(listFolder('/', env)).toMatchObject({ ok: true, value: { path: '/', parent: null } });
  });

  it('refuses a relative path, a missing folder and a file', () => {
    writeFileSync(join(root, 'file'), 'x');
    for (const path of ['relative/path', join(root, 'missing'), join(root, 'file'), 'C:']) {
      expect(listFolder(path, env)).toEqual({ ok: false, reason: 'folder-not-found' });
    }
    expect(checkFolder(`${root}\0/x`)).toEqual({ ok: false, reason: 'folder-not-found' });
  });

  it('says plainly when a folder cannot be read', (context) => {
    // Written reason: root may read any folder whatever its mode, and no
    // portable attribute stops root listing one (chattr +i stops writes only).
    if (process.getuid?.() === 0) {
      context.skip('root can read every folder');
      return;
    }
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    try {
      expect(listFolder(locked, env)).toEqual({ ok: false, reason: 'folder-unreadable' });
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('starting points', () => {
  it('offers home, Documents and Desktop when they exist, USB sticks and network shares', () => {
    mkdirSync(join(root, 'media', 'sam', 'KINGSTON'), { recursive: true });
    mkdirSync(join(root, 'run', 'media', 'sam', 'BACKUP DRIVE'), { recursive: true });
    const share = join(root, 'mnt', 'office share');
    mkdirSync(share, { recursive: true });
    // Another user's folder of mount points under /media is not a drive.
    mkdirSync(join(root, 'media', 'alex'), { recursive: true });
    const gvfs = join(root, 'run', 'user', '1000', 'gvfs', 'smb-share:server=office,share=backups');
    mkdirSync(gvfs, { recursive: true });
    const mounts = [
      '/dev/vda / ext4 rw 0 0',
      `//server/office ${share.replace(/ /g, '\\040')} cifs rw 0 0`,
      `server:/gone ${join(root, 'not-mounted')} nfs4 rw 0 0`,
    ].join('\n');
    expect(places({ ...env, mounts: () => mounts })).toEqual([
      { label: 'Your home folder', path: env.home },
      { label: 'Documents', path: join(env.home, 'Documents') },
      { label: 'USB stick or drive: KINGSTON', path: join(root, 'media', 'sam', 'KINGSTON') },
      {
        label: 'USB stick or drive: BACKUP DRIVE',
        path: join(root, 'run', 'media', 'sam', 'BACKUP DRIVE'),
      },
      { label: 'Network share: backups on office', path: gvfs },
      { label: 'Network share: office share', path: share },
    ]);
  });

  it('lists drives under /Volumes on macOS', () => {
    mkdirSync(join(root, 'Volumes', 'USB'), { recursive: true });
    mkdirSync(join(env.home, 'Desktop'));
    expect(places({ ...env, platform: 'darwin' }).map((p) => p.label)).toEqual([
      'Your home folder',
      'Documents',
      'Desktop',
      'Drive: USB',
    ]);
  });
});

describe('making a new folder', () => {
  it('makes it inside the folder shown, and lists it', () => {
    const made = createFolder(env.home, '  Handover backups ', env);
    expect(made).toMatchObject({
      ok: true,
      value: { path: join(env.home, 'Handover backups'), parent: env.home, folders: [] },
    });
    expect(readdirSync(env.home).sort()).toEqual(['Documents', 'Handover backups']);
  });

  it('refuses names that would not work or would hide the folder, and one already there', () => {
    for (const name of ['', '.secret', 'a/b', 'a\\b', 'what?', '..', 'x'.repeat(101)]) {
      expect(createFolder(env.home, name, env)).toEqual({
        ok: false,
        reason: 'folder-name-invalid',
      });
    }
    expect(createFolder(env.home, 'Documents', env)).toEqual({
      ok: false,
      reason: 'folder-exists',
    });
    expect(createFolder(join(root, 'missing'), 'x', env)).toEqual({
      ok: false,
      reason: 'folder-not-found',
    });
    expect(readdirSync(env.home)).toEqual(['Documents']);
  });
});

/**
 * A folder nobody may write to, even root: the immutable attribute (root can
 * set it; chmod does not stop root). Null where the file system or the
 * container does not allow it.
 */
const unwritableFolder = (): { path: string; release: () => void } | null => {
  const path = join(root, 'read-only');
  mkdirSync(path);
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o500);
    return { path, release: () => chmodSync(path, 0o700) };
  }
  const set = spawnSync('chattr', ['+i', path]);
  if (set.status !== 0) return null;
  return { path, release: () => spawnSync('chattr', ['-i', path]) };
};

describe('checking a folder can be written to', () => {
  it('writes a small file, removes it, and answers the normalised folder', () => {
    expect(checkWritable(`${env.home}/Documents/../Documents/`)).toEqual({
      ok: true,
      value: join(env.home, 'Documents'),
    });
    expect(readdirSync(join(env.home, 'Documents'))).toEqual([]);
  });

  it('says so when the folder cannot be written to', (context) => {
    const folder = unwritableFolder();
    // Written reason: as root, only the immutable attribute stops a write,
    // and some file systems (tmpfs, overlay in containers) refuse chattr.
    if (folder === null) {
      context.skip('running as root on a file system without chattr +i');
      return;
    }
    try {
      expect(checkWritable(folder.path)).toEqual({ ok: false, reason: 'folder-not-writable' });
    } finally {
      folder.release();
    }
    expect(readdirSync(folder.path)).toEqual([]);
  });

  it('refuses a path under a file and a missing folder without writing anything', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(checkWritable(join(root, 'file', 'sub'))).toEqual({
      ok: false,
      reason: 'folder-not-found',
    });
    expect(checkWritable(join(root, 'nowhere'))).toEqual({ ok: false, reason: 'folder-not-found' });
    expect(checkWritable('relative')).toEqual({ ok: false, reason: 'folder-not-found' });
  });
});
