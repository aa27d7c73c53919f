import { z } from 'zod';
import { line, stored } from '#src/wire/text.ts';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '#src/referral/attachments.ts';
import { CONSENT_METHODS } from '#src/wire/referral.ts';

/**
 * A document attached to a referral (#3), on the wire. The bytes travel once,
 * as base64 in the body of one request over the desk's connection to the
 * server (HTTPS where the network has it); the referral's events say which
 * documents it has, so both desks learn of them through the change feed.
 */
const BASE64_MAX = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

export const attachmentUploadSchema = z.object({
  documentId: z.uuid(),
  name: line(200).min(1),
  mediaType: z.enum(ATTACHMENT_TYPES),
  contentBase64: z
    .string()
    .min(4)
    .max(BASE64_MAX)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  /** The client agreed to this document being shared, and how. */
  consent: z.object({ given: z.literal(true), method: z.enum(CONSENT_METHODS) }),
});
export type AttachmentUpload = z.infer<typeof attachmentUploadSchema>;

/** What a referral's `document-attached` event carries: never the bytes. */
export const attachedDocumentSchema = z.object({
  documentId: z.uuid(),
  name: stored(),
  mediaType: z.enum(ATTACHMENT_TYPES),
  size: z.int().min(1),
});
export type AttachedDocument = z.infer<typeof attachedDocumentSchema>;

export const attachmentDownloadSchema = attachedDocumentSchema.extend({
  contentBase64: stored(),
});
export type AttachmentDownload = z.infer<typeof attachmentDownloadSchema>;
