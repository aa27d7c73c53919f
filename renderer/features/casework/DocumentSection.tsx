import { useEffect, useState } from 'react';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { CaseDocument, DocumentMediaType } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { formatSize } from '#renderer/features/casework/labels.ts';

const BY_EXTENSION: Record<string, DocumentMediaType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
};

const mediaTypeOf = (file: File): DocumentMediaType | null => {
  const known = DOCUMENT_TYPES.find((t) => t.mediaType === file.type);
  if (known) return known.mediaType;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? null;
};

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
};

const fromBase64 = (base64: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

type Shown = { document: CaseDocument; url: string; text: string | null };

/** Shows one document: images and text inside the app; every type can be saved as a copy. */
const Preview = ({ shown, onClose }: { shown: Shown; onClose: () => void }) => {
  const { document, url, text } = shown;
  return (
    <div className="preview" role="region" aria-label={`Preview of ${document.name}`}>
      <h3>{document.name}</h3>
      {document.mediaType.startsWith('image/') ? (
        <img src={url} alt={`The document ${document.name}`} />
      ) : text !== null ? (
        <pre className="document-text">{text}</pre>
      ) : (
        <p>This kind of file cannot be shown here. Save a copy to open it.</p>
      )}
      <p>
        <a href={url} download={document.name}>
          Save a copy of {document.name}
        </a>{' '}
        <button type="button" onClick={onClose}>
          Close preview
        </button>
      </p>
    </div>
  );
};

export const DocumentSection = ({
  caseId,
  documents,
}: {
  caseId: string;
  documents: CaseDocument[];
}) => {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(
    () => () => {
      if (shown !== null) URL.revokeObjectURL(shown.url);
    },
    [shown],
  );

  const add = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (file === undefined) return;
    const mediaType = mediaTypeOf(file);
    if (mediaType === null) {
      setProblem(reasonText('document-wrong-type'));
      return;
    }
    if (file.size > MAX_DOCUMENT_BYTES) {
      setProblem(reasonText('document-too-large'));
      return;
    }
    setBusy(true);
    const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    const result = await call('cases.addDocument', {
      caseId,
      name: file.name,
      mediaType,
      contentBase64,
    });
    setBusy(false);
    input.value = '';
    setProblem(result.ok ? null : reasonText(result.reason));
  };

  const preview = async (document: CaseDocument) => {
    const result = await call('cases.getDocument', { id: document.id });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    const bytes = fromBase64(result.value.contentBase64);
    const url = URL.createObjectURL(new Blob([bytes], { type: document.mediaType }));
    const text = document.mediaType === 'text/plain' ? new TextDecoder().decode(bytes) : null;
    setShown({ document, url, text });
  };

  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <Problem message={problem} />
      {documents.length === 0 ? (
        <p>No documents yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Documents on this case</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{formatSize(d.size)}</td>
                <td>
                  {formatTime(d.addedAt)}, {d.addedBy}
                </td>
                <td>
                  <button type="button" onClick={() => void preview(d)}>
                    Open<span className="visually-hidden"> {d.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown !== null && <Preview shown={shown} onClose={() => setShown(null)} />}
      <Field
        label="Add a document"
        hint={`PDF, PNG, JPEG or plain text, up to ${formatSize(MAX_DOCUMENT_BYTES)}. It is kept encrypted on this computer.`}
      >
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"
            disabled={busy}
            onChange={(e) => void add(e.target)}
          />
        )}
      </Field>
    </section>
  );
};
