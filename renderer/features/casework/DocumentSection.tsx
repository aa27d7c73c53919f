import { useEffect, useRef, useState } from 'react';
import { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { CaseDocument, DocumentMediaType } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { formatSize } from '#renderer/features/casework/labels.ts';
import { PdfPreview } from '#renderer/features/casework/PdfPreview.tsx';

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

/**
 * The file as base64, read by the browser in the background (FileReader), so
 * a 20 MB scan does not hold up the screen the way encoding it here would.
 */
const readBase64 = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });

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
    try {
      const contentBase64 = await readBase64(file);
      const result = await call('cases.addDocument', {
        caseId,
        name: file.name,
        mediaType,
        contentBase64,
      });
      setProblem(result.ok ? null : reasonText(result.reason));
    } catch {
      setProblem('The file could not be read or kept. Choose it again.');
    } finally {
      setBusy(false);
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
      {busy && <p role="status">Adding the document…</p>}
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
