import { MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { DocumentMediaType } from '#src/casework/schemas.ts';
import { sniffAttachment } from '#src/referral/attachments.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';

export type DocumentProblem = 'document-empty' | 'document-too-large' | 'document-wrong-type';

/**
 * The file's bytes, checked for size and for the type it claims
 * before it enters the store: a renamed program is refused, not kept as a
 * "PDF". The type is read from the bytes by the same sniffer that checks
 * referral documents at the desk and the server, so the two never disagree
 * about what a Word file or a PDF looks like.
 */
export const checkDocument = (
  mediaType: DocumentMediaType,
  bytes: Buffer,
): Result<Buffer, DocumentProblem> => {
  if (bytes.length === 0) return err('document-empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) return err('document-too-large');
  if (sniffAttachment(bytes) !== mediaType) return err('document-wrong-type');
  return ok(bytes);
};
