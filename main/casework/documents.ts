import { MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { DocumentMediaType } from '#src/casework/schemas.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';

/**
 * Checks an imported file against the type it claims, by its bytes, before
 * it enters the store: a renamed program is refused, not kept as a "PDF".
 */
const startsWith = (bytes: Buffer, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const looksLike: Record<DocumentMediaType, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  // Text: valid UTF-8 with no control characters other than tab and line ends.
  'text/plain': (b) => {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
    } catch {
      return false;
    }
  },
};

export type DocumentProblem = 'document-empty' | 'document-too-large' | 'document-wrong-type';

/** The file's bytes from base64, checked for size and type. */
export const checkDocument = (
  mediaType: DocumentMediaType,
  contentBase64: string,
): Result<Buffer, DocumentProblem> => {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) return err('document-empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) return err('document-too-large');
  if (!looksLike[mediaType](bytes)) return err('document-wrong-type');
  return ok(bytes);
};
