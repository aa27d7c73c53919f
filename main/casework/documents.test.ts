import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_CHUNK_BYTES,
  MAX_DOCUMENT_BYTES,
  documentBeginSchema,
  documentChunkSchema,
} from '#src/casework/schemas.ts';
import { MAX_ATTACHMENT_BYTES } from '#src/referral/attachments.ts';
import { buildPdf } from '#test/pdf-fixture.ts';
import { checkDocument } from '#main/casework/documents.ts';

/**
 * What a case document must be before it is kept (#5): no larger than 20 MB,
 * and the type it claims read from its bytes — by the same sniffer that checks
 * referral documents — so a renamed program is refused.
 */
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const PDF = buildPdf([['A letter']]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DOCX = Buffer.concat([
  ZIP,
  Buffer.alloc(26),
  Buffer.from('[Content_Types].xml word/document.xml'),
]);
const ODT = Buffer.concat([
  ZIP,
  Buffer.alloc(26),
  Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text'),
]);
const DOC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);

describe('checkDocument', () => {
  it('keeps each accepted kind when its bytes say the same', () => {
    const cases = [
      ['application/pdf', PDF],
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      ['text/plain', Buffer.from('Café letter\nline two\n')],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', DOCX],
      ['application/vnd.oasis.opendocument.text', ODT],
      ['application/msword', DOC],
    ] as const;
    for (const [mediaType, bytes] of cases) {
      const checked = checkDocument(mediaType, Buffer.from(bytes));
      expect(checked, mediaType).toEqual({ ok: true, value: Buffer.from(bytes) });
    }
  });

  it('refuses a file whose bytes are another kind than it claims', () => {
    expect(
      checkDocument('application/pdf', Buffer.from(Buffer.from('MZ\x90\x00 a program'))),
    ).toEqual({
      ok: false,
      reason: 'document-wrong-type',
    });
    expect(checkDocument('image/png', Buffer.from(PDF))).toMatchObject({
      reason: 'document-wrong-type',
    });
    expect(checkDocument('application/msword', Buffer.from(DOCX))).toMatchObject({
      reason: 'document-wrong-type',
    });
    expect(
      checkDocument('application/vnd.oasis.opendocument.text', Buffer.from(DOCX)),
    ).toMatchObject({
      reason: 'document-wrong-type',
    });
    // A zip that is neither Word nor OpenDocument.
    expect(
      checkDocument(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        Buffer.from(Buffer.concat([ZIP, Buffer.alloc(40)])),
      ),
    ).toMatchObject({ reason: 'document-wrong-type' });
    expect(checkDocument('text/plain', Buffer.from(Buffer.from([0x48, 0x00, 0x01])))).toMatchObject(
      {
        reason: 'document-wrong-type',
      },
    );
  });

  it('keeps a document of exactly 20 MB and refuses one byte more, or nothing', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(20 * 1024 * 1024);
    const padding = (n: number) => new Uint8Array(n).fill(0x41);
    const bare = buildPdf([['Scan']], { padding: padding(0) });
    const full = buildPdf([['Scan']], { padding: padding(MAX_DOCUMENT_BYTES - bare.length - 30) });
    // Top the file up to the limit with spaces after %%EOF, which readers ignore.
    const atLimit = Buffer.concat([full, Buffer.alloc(MAX_DOCUMENT_BYTES - full.length, 0x20)]);
    expect(atLimit.length).toBe(MAX_DOCUMENT_BYTES);
    expect(checkDocument('application/pdf', Buffer.from(atLimit))).toMatchObject({ ok: true });
    const over = Buffer.concat([atLimit, Buffer.from(' ')]);
    expect(checkDocument('application/pdf', Buffer.from(over))).toEqual({
      ok: false,
      reason: 'document-too-large',
    });
    expect(checkDocument('application/pdf', Buffer.alloc(0))).toEqual({
      ok: false,
      reason: 'document-empty',
    });
  });

  it('leaves the referral limit where the network server has it', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(700 * 1024);
    expect(MAX_DOCUMENT_BYTES).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
  });
});

describe('the upload schemas', () => {
  const caseId = '01930000-0000-7000-8000-000000000001';
  const uploadId = '01930000-0000-7000-8000-000000000002';
  const begin = (size: number, mediaType: string = 'application/pdf') =>
    documentBeginSchema.safeParse({ caseId, name: 'scan.pdf', mediaType, size });
  const chunk = (contentBase64: string) =>
    documentChunkSchema.safeParse({ uploadId, offset: 0, contentBase64 });

  it('carries the size on to main (which says "too large" in words), and a piece of at most 256 KiB', () => {
    expect(begin(MAX_DOCUMENT_BYTES + 1).success).toBe(true);
    expect(begin(-1).success).toBe(false);
    expect(begin(1.5).success).toBe(false);
    expect(chunk(b64(Buffer.alloc(DOCUMENT_CHUNK_BYTES, 7))).success).toBe(true);
    const tooLong = chunk(b64(Buffer.alloc(DOCUMENT_CHUNK_BYTES + 3, 7)));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toBe('The piece is too large');
    expect(chunk('not base64!').success).toBe(false);
    expect(chunk('').success).toBe(false);
  });

  it('accepts Word and OpenDocument files as kinds to keep, and nothing unknown', () => {
    for (const mediaType of [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/msword',
      'application/vnd.oasis.opendocument.text',
    ]) {
      expect(begin(DOCX.length, mediaType).success, mediaType).toBe(true);
    }
    expect(begin(PDF.length, 'application/x-msdownload').success).toBe(false);
  });
});
