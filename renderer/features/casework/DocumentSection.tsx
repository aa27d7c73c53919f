import { useEffect, useRef, useState } from 'react';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { CaseDocument, DocumentMediaType } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { formatSize } from '#renderer/features/casework/labels.ts';
import { PdfPreview } from '#renderer/features/casework/PdfPreview.tsx';
import { uploadDocument } from '#renderer/features/casework/upload.ts';
import type { UploadProgress } from '#renderer/features/casework/upload.ts';

const BY_EXTENSION: Record<string, DocumentMediaType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  odt: 'application/vnd.oasis.opendocument.text',
};

const ACCEPT = [
  ...Object.keys(BY_EXTENSION).map((e) => `.${e}`),
  ...DOCUMENT_TYPES.map((t) => t.mediaType),
].join(',');

const mediaTypeOf = (file: File): DocumentMediaType | null => {
  const known = DOCUMENT_TYPES.find((t) => t.mediaType === file.type);
  if (known) return known.mediaType;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? null;
};

/** Chromium's native decoder where there is one (it is much faster on large files). */
type WithFromBase64 = { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };

const fromBase64 = (base64: string): Uint8Array<ArrayBuffer> => {
  const native = (Uint8Array as unknown as WithFromBase64).fromBase64;
  if (native !== undefined) return native(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

/** How far a document has got, in words: "4.0 MB of 20.0 MB (20%)". */
const progressText = ({ sent, total }: UploadProgress): string =>
  `${sent === 0 ? '0 KB' : formatSize(sent)} of ${formatSize(total)} (${String(total === 0 ? 100 : Math.floor((sent / total) * 100))}%)`;

type Shown = { document: CaseDocument; url: string; bytes: Uint8Array<ArrayBuffer> };

/**
 * Shows one document: PDFs, images and text inside the app; Word and
 * OpenDocument files are kept but only saved. Every type can be saved as a copy.
 */
const Preview = ({ shown, onClose }: { shown: Shown; onClose: () => void }) => {
  const { document, url, bytes } = shown;
  const mediaType = document.mediaType;
  // The preview opens below the list: take the focus there, so keyboard and
  // screen-reader users land on it rather than staying on the Open button.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="preview" role="region" aria-label={`Preview of ${document.name}`}>
      <h3 ref={heading} tabIndex={-1}>
        {document.name}
      </h3>
      {mediaType === 'application/pdf' ? (
        <PdfPreview bytes={bytes} name={document.name} />
      ) : mediaType.startsWith('image/') ? (
        <img src={url} alt={`The document ${document.name}`} />
      ) : mediaType === 'text/plain' ? (
        <pre className="document-text">{new TextDecoder().decode(bytes)}</pre>
      ) : (
        <p>
          Handover keeps Word and OpenDocument files but cannot show them. Save a copy to open it in
          your word processor.
        </p>
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
  const [adding, setAdding] = useState<{ name: string; progress: UploadProgress } | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const stop = useRef(false);
  const busy = adding !== null;
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
    setProblem(null);
    setAdded(null);
    stop.current = false;
    setAdding({ name: file.name, progress: { sent: 0, total: file.size } });
    try {
      const result = await uploadDocument({
        caseId,
        name: file.name,
        mediaType,
        file,
        onProgress: (progress) => setAdding({ name: file.name, progress }),
        stopped: () => stop.current,
      });
      if (result.ok) setAdded(`${file.name} was added.`);
      else if (result.reason === 'stopped') setAdded(`Adding ${file.name} was stopped.`);
      else setProblem(reasonText(result.reason));
    } catch {
      setProblem('The file could not be read or kept. Choose it again.');
    } finally {
      setAdding(null);
      input.value = '';
    }
  };

  const preview = async (document: CaseDocument) => {
    const result = await call('cases.getDocument', { id: document.id });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    const bytes = fromBase64(result.value.contentBase64);
    const url = URL.createObjectURL(new Blob([bytes], { type: document.mediaType }));
    setShown({ document, url, bytes });
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
      {shown !== null && (
        <Preview key={shown.document.id} shown={shown} onClose={() => setShown(null)} />
      )}
      <p role="status">{adding !== null ? `Adding ${adding.name}…` : (added ?? '')}</p>
      {adding !== null && (
        <div className="upload-progress">
          <label htmlFor="document-progress">Adding {adding.name}</label>{' '}
          <progress
            id="document-progress"
            max={adding.progress.total}
            value={adding.progress.sent}
            aria-valuetext={progressText(adding.progress)}
          />{' '}
          <span>{progressText(adding.progress)}</span>{' '}
          <button
            type="button"
            onClick={() => {
              stop.current = true;
            }}
          >
            Stop adding {adding.name}
          </button>
        </div>
      )}
      <Field
        label="Add a document"
        hint={`PDF, PNG, JPEG, Word, OpenDocument or plain text, up to ${formatSize(MAX_DOCUMENT_BYTES)}. It is kept encrypted on this computer.`}
      >
        {(p) => (
          <input
            {...p}
            type="file"
            accept={ACCEPT}
            disabled={busy}
            onChange={(e) => void add(e.target)}
          />
        )}
      </Field>
    </section>
  );
};
