import { useCallback, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { BackupStatus } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { FolderChooser } from '#renderer/features/casework/FolderChooser.tsx';

const SCHEDULES = [
  { hours: 0, label: 'Only when I choose "Back up now"' },
  { hours: 4, label: 'Every 4 hours' },
  { hours: 24, label: 'Every day' },
  { hours: 168, label: 'Every week' },
];

/** Where and how often the adviser's casework is backed up, and a backup on demand. */
export const BackupsPage = () => {
  const load = useCallback(() => call('backup.status', {}), []);
  const [status, reload] = useDeskQuery(load, []);
  if (status === null) return <p>Loading…</p>;
  return <BackupSettings status={status} reload={reload} />;
};

const BackupSettings = ({
  status,
  reload,
}: {
  status: BackupStatus;
  reload: () => Promise<void>;
}) => {
  const [folder, setFolder] = useState(status.folder ?? '');
  const [everyHours, setEveryHours] = useState(status.folder === null ? 24 : status.everyHours);
  const [keep, setKeep] = useState(status.keep);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The app's own folder list, shown where the system's folder window is not (web mode).
  const [browsing, setBrowsing] = useState(false);
  const chooseButton = useRef<HTMLButtonElement>(null);

  const choose = async () => {
    setDone(null);
    const result = await call('folders.choose', { start: folder.trim() === '' ? null : folder });
    if (result.ok) {
      if (result.value.folder !== null) closeChooser(result.value.folder);
    } else if (result.reason === 'no-folder-dialog') setBrowsing(true);
    else setProblem(reasonText(result.reason));
  };
  const closeChooser = (chosen: string | null) => {
    if (chosen !== null) {
      setFolder(chosen);
      setDone(`Chosen: ${chosen}. Save the backup settings to use it.`);
    }
    setBrowsing(false);
    // Back to where the adviser started, so the keyboard is not lost.
    requestAnimationFrame(() => chooseButton.current?.focus());
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    const result = await call('backup.settings', { folder, everyHours, keep });
    if (result.ok) {
      setProblem(null);
      setDone('Backup settings saved.');
      await reload();
    } else setProblem(reasonText(result.reason));
  };
  const backUpNow = async () => {
    setBusy(true);
    setDone(null);
    const result = await call('backup.now', {});
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setDone('Backed up and checked.');
      await reload();
    } else setProblem(reasonText(result.reason));
  };

  return (
    <>
      <PageHeading>Backups</PageHeading>
      <p>
        Handover copies your casework, still encrypted, into the folder you choose: a network share
        or a USB stick. A backup can only be opened with your recovery key.
      </p>
      <p role="status">
        {status.lastBackupAt === null
          ? 'No backup yet.'
          : `Last backup: ${formatTime(status.lastBackupAt)}.`}
        {done !== null && ` ${done}`}
      </p>
      {status.lastProblem !== null && <Problem message={reasonText(status.lastProblem)} />}
      <Problem message={problem} />
      <div className="field">
        <p id="backup-folder-now">
          <strong>Backup folder: </strong>
          {folder.trim() === '' ? 'none chosen yet' : folder}
        </p>
        {!browsing && (
          <button
            type="button"
            ref={chooseButton}
            aria-describedby="backup-folder-now"
            onClick={() => void choose()}
          >
            {folder.trim() === '' ? 'Choose a folder' : 'Choose another folder'}
          </button>
        )}
      </div>
      {browsing && (
        <FolderChooser
          start={folder.trim() === '' ? null : folder}
          onChoose={closeChooser}
          onCancel={() => closeChooser(null)}
        />
      )}
      <form onSubmit={(e) => void save(e)} noValidate className="form">
        <details className="advanced">
          <summary>Type the folder’s path instead</summary>
          <Field
            label="Backup folder path"
            hint="The full path of the folder, for example /media/usb/handover or \\server\share\handover"
          >
            {(p) => (
              <input
                {...p}
                type="text"
                value={folder}
                onChange={(e) => setFolder(e.target.value)}
              />
            )}
          </Field>
        </details>
        <Field label="How often">
          {(p) => (
            <select
              {...p}
              value={everyHours}
              onChange={(e) => setEveryHours(Number(e.target.value))}
            >
              {SCHEDULES.map((s) => (
                <option key={s.hours} value={s.hours}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Backups to keep"
          hint="After each backup, your older backups in the folder beyond this number are removed. Other people’s backups are never touched."
        >
          {(p) => (
            <select {...p} value={keep} onChange={(e) => setKeep(Number(e.target.value))}>
              {[...new Set([3, 5, 10, 20, 50, keep])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    The last {n}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            Save backup settings
          </button>
          <button
            type="button"
            disabled={busy || status.folder === null}
            onClick={() => void backUpNow()}
          >
            {busy ? 'Backing up…' : 'Back up now'}
          </button>
        </div>
      </form>
      <p>
        <a href={href({ name: 'retention' })}>Keeping casework no longer than needed (retention)</a>
      </p>
    </>
  );
};

/** On the set-up screen of a new computer: restore a backup instead of starting empty. */
export const RestoreBackup = ({ onReady }: { onReady: () => Promise<void> }) => {
  const [backupFolder, setBackupFolder] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const choose = async () => {
    const result = await call('folders.choose', {
      start: backupFolder.trim() === '' ? null : backupFolder,
    });
    if (result.ok) {
      if (result.value.folder !== null) setBackupFolder(result.value.folder);
    } else if (result.reason === 'no-folder-dialog') setBrowsing(true);
    else setProblem(reasonText(result.reason));
  };
  const closeChooser = (chosen: string | null) => {
    if (chosen !== null) setBackupFolder(chosen);
    setBrowsing(false);
    requestAnimationFrame(() => chooseButton.current?.focus());
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await call('session.restoreBackup', {
      backupFolder,
      recoveryKey,
      newPassphrase: passphrase,
    });
    if (result.ok) await onReady();
    else setProblem(reasonText(result.reason));
  };
  return (
    <details className="recover">
      <summary>Moving from another computer? Restore a backup</summary>
      <Problem message={problem} />
      {browsing ? (
        <FolderChooser
          start={backupFolder.trim() === '' ? null : backupFolder}
          onChoose={closeChooser}
          onCancel={() => closeChooser(null)}
          title="Choose the backup to restore"
          intro="Open your USB stick or backup folder, then the folder whose name starts with handover-backup, and press “Use this folder”."
        />
      ) : (
        <p>
          <button type="button" ref={chooseButton} onClick={() => void choose()}>
            Choose the backup folder
          </button>
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field
          label="Backup folder"
          hint="The folder whose name starts with handover-backup. Choose it above, or type its full path."
        >
          {(p) => (
            <input
              {...p}
              type="text"
              value={backupFolder}
              onChange={(e) => setBackupFolder(e.target.value)}
            />
          )}
        </Field>
        <Field label="Recovery key for the backup">
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              value={recoveryKey}
              onChange={(e) => setRecoveryKey(e.target.value)}
            />
          )}
        </Field>
        <Field label="Passphrase for this computer" hint="At least 10 characters">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Restore the backup</button>
      </form>
    </details>
  );
};
