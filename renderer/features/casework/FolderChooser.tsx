import { useEffect, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { FolderListing } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';

/** The last part of a path, for a short name to read out. */
const folderName = (path: string): string => {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts.at(-1) ?? path;
};

/**
 * The app's own folder list (#5), where the system's folder window is not
 * available (web mode: a browser cannot hand over a real path). Keyboard
 * first: every folder is a button; the folder being looked in is a heading
 * that takes focus after each move, so a screen reader says where you are.
 */
export const FolderChooser = ({
  start,
  onChoose,
  onCancel,
  title = 'Choose a folder for your backups',
  intro = 'Open the folder you want, for example your USB stick, then press “Use this folder”.',
}: {
  start: string | null;
  onChoose: (folder: string) => void;
  onCancel: () => void;
  title?: string;
  intro?: string;
}) => {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const here = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const open = async (path: string | null, fallback?: boolean) => {
    const result = await call('folders.list', { path });
    if (result.ok) {
      setProblem(null);
      setListing(result.value);
      moved.current = true;
    } else if (fallback === true && path !== null) {
      // The folder saved before is not there now (a USB stick taken out): start at home.
      await open(null);
    } else setProblem(reasonText(result.reason));
  };

  useEffect(() => {
    void open(start, true);
    // Opened once, at the folder the adviser uses now.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `open` is recreated each render; `start` only seeds the first listing.
  }, []);

  useEffect(() => {
    if (moved.current) {
      moved.current = false;
      here.current?.focus();
    }
  }, [listing]);

  const makeFolder = async (event: SubmitEvent) => {
    event.preventDefault();
    if (listing === null) return;
    if (newName.trim() === '') {
      setNameProblem('Enter a name for the new folder');
      return;
    }
    const result = await call('folders.create', { parent: listing.path, name: newName });
    if (result.ok) {
      setNameProblem(null);
      setNewName('');
      setProblem(null);
      setListing(result.value);
      moved.current = true;
    } else setNameProblem(reasonText(result.reason));
  };

  return (
    <section className="folder-chooser" aria-labelledby="folder-chooser-heading">
      <h2 id="folder-chooser-heading">{title}</h2>
      <p>{intro}</p>
      <Problem message={problem} />
      {listing !== null && (
        <>
          {listing.places.length > 0 && (
            <nav aria-label="Places on this computer">
              <h3>Places</h3>
              <ul className="folder-places">
                {listing.places.map((place) => (
                  <li key={place.path}>
                    <button type="button" onClick={() => void open(place.path)}>
                      {place.label}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <h3 tabIndex={-1} ref={here} className="folder-here">
            Looking in: <span className="folder-path">{listing.path}</span>
          </h3>
          <p role="status" className="visually-hidden">
            {`Looking in ${folderName(listing.path)}: ${
              listing.folders.length === 1 ? '1 folder' : `${listing.folders.length} folders`
            }`}
          </p>
          {listing.parent !== null && (
            <p>
              <button type="button" onClick={() => void open(listing.parent)}>
                Up one level
              </button>
            </p>
          )}
          {listing.folders.length === 0 ? (
            <p>There are no folders in here.</p>
          ) : (
            <ul className="folder-list" aria-label={`Folders in ${folderName(listing.path)}`}>
              {listing.folders.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    aria-label={`Open ${name}`}
                    onClick={() => void open(`${listing.path.replace(/[\\/]$/, '')}/${name}`)}
                  >
                    {name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form onSubmit={(e) => void makeFolder(e)} noValidate className="form folder-new">
            <Field label="New folder name" error={nameProblem ?? undefined}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  autoComplete="off"
                  value={newName}
                  onChange={(e) => setNewName(e.target.value)}
                />
              )}
            </Field>
            <button type="submit">Make a new folder here</button>
          </form>
          <div className="actions">
            <button type="button" className="primary" onClick={() => onChoose(listing.path)}>
              Use this folder
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
};
