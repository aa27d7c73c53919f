import { DOCUMENT_CHUNK_BYTES } from '#src/casework/schemas.ts';
import type { CaseDocument, DocumentMediaType } from '#src/casework/schemas.ts';
import type { Reason } from '#src/reasons.ts';
import type { Result } from '#src/result.ts';
import { call } from '#renderer/bridge.ts';

/**
 * Adds a document to a case in pieces (#12), the same way in the app and in
 * web mode: each piece is read from the file by the browser (Blob.slice and
 * FileReader, off the page's thread) and sent as its own small call, so the
 * page never holds the whole file as one string and stays responsive; the
 * caller hears how far it got after each piece.
 */
export type UploadProgress = { sent: number; total: number };

/** One piece of the file as base64, encoded by the browser. */
const readPiece = (piece: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(piece);
  });

export const uploadDocument = async (options: {
  caseId: string;
  name: string;
  mediaType: DocumentMediaType;
  file: Blob;
  onProgress?: (progress: UploadProgress) => void;
  /** Asked between pieces: true stops the upload (main lets what arrived go). */
  stopped?: () => boolean;
}): Promise<Result<CaseDocument, Reason> | { ok: false; reason: 'stopped' }> => {
  const { caseId, name, mediaType, file } = options;
  const total = file.size;
  const begun = await call('cases.beginDocument', { caseId, name, mediaType, size: total });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value;
  let finished = false;
  try {
    options.onProgress?.({ sent: 0, total });
    // Read the next piece while this one is on its way.
    const readAt = (offset: number): Promise<string> => {
      const reading = readPiece(file.slice(offset, offset + DOCUMENT_CHUNK_BYTES));
      // Stopped before it is used: its failure is nobody's business.
      reading.catch(() => undefined);
      return reading;
    };
    let next = total > 0 ? readAt(0) : null;
    for (let offset = 0; offset < total; offset += DOCUMENT_CHUNK_BYTES) {
      if (options.stopped?.() === true) return { ok: false, reason: 'stopped' };
      const contentBase64 = await (next ?? readAt(offset));
      next = offset + DOCUMENT_CHUNK_BYTES < total ? readAt(offset + DOCUMENT_CHUNK_BYTES) : null;
      const sent = await call('cases.documentChunk', { uploadId, offset, contentBase64 });
      if (!sent.ok) {
        finished = true;
        return sent;
      }
      options.onProgress?.({ sent: sent.value.received, total });
    }
    finished = true;
    return await call('cases.commitDocument', { uploadId });
  } finally {
    // Stopped, refused or failed part way: main lets go of what arrived.
    if (!finished) void call('cases.abandonDocument', { uploadId }).catch(() => undefined);
  }
};
