import { describe, expect, it } from 'vitest';
import {
  MAX_DOCUMENT_BASE64,
  MAX_DOCUMENT_BYTES,
  documentInputSchema,
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
      const checked = checkDocument(mediaType, b64(bytes));
      expect(checked, mediaType).toEqual({ ok: true, value: Buffer.from(bytes) });
    }
  });

  it('refuses a file whose bytes are another kind than it claims', () => {
    expect(checkDocument('application/pdf', b64(Buffer.from('MZ\x90\x00 a program')))).toEqual({
      ok: false,
      reason: 'document-wrong-type',
    });
    expect(checkDocument('image/png', b64(PDF))).toMatchObject({ reason: 'document-wrong-type' });
    expect(checkDocument('application/msword', b64(DOCX))).toMatchObject({
      reason: 'document-wrong-type',
    });
    expect(checkDocument('application/vnd.oasis.opendocument.text', b64(DOCX))).toMatchObject({
      reason: 'document-wrong-type',
    });
    // A zip that is neither Word nor OpenDocument.
    expect(
      checkDocument(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        b64(Buffer.concat([ZIP, Buffer.alloc(40)])),
      ),
    ).toMatchObject({ reason: 'document-wrong-type' });
    expect(checkDocument('text/plain', b64(Buffer.from([0x48, 0x00, 0x01])))).toMatchObject({
      reason: 'document-wrong-type',
    });
  });

  it('keeps a document of exactly 20 MB and refuses one byte more, or nothing', () => {
    expect(MAX_DOCUMENT_BYTES).toBe(20 * 1024 * 1024);
    const padding = (n: number) => new Uint8Array(n).fill(0x41);
    const bare = buildPdf([['Scan']], { padding: padding(0) });
    const full = buildPdf([['Scan']], { padding: padding(MAX_DOCUMENT_BYTES - bare.length - 30) });
    // Top the file up to the limit with spaces after %%EOF, which readers ignore.
    const atLimit = Buffer.concat([full, Buffer.alloc(MAX_DOCUMENT_BYTES - full.length, 0x20)]);
    expect(atLimit.length).toBe(MAX_DOCUMENT_BYTES);
    expect(checkDocument('application/pdf', b64(atLimit))).toMatchObject({ ok: true });
    const over = Buffer.concat([atLimit, Buffer.from(' ')]);
    expect(checkDocument('application/pdf', b64(over))).toEqual({
      ok: false,
      reason: 'document-too-large',
    });
    expect(checkDocument('application/pdf', '')).toEqual({ ok: false, reason: 'document-empty' });
  });

  it('leaves the referral limit where the network server has it', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(700 * 1024);
    expect(MAX_DOCUMENT_BYTES).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
  });
});

describe('documentInputSchema', () => {
  const caseId = '01930000-0000-7000-8000-000000000001';
  const parse = (contentBase64: string, mediaType: string = 'application/pdf') =>
    documentInputSchema.safeParse({ caseId, name: 'scan.pdf', mediaType, contentBase64 });

  it('carries a 20 MB document, and a file just over it on to the byte check', () => {
    expect(MAX_DOCUMENT_BASE64).toBe(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4);
    expect(parse('A'.repeat(MAX_DOCUMENT_BASE64)).success).toBe(true);
    expect(parse(b64(Buffer.alloc(MAX_DOCUMENT_BYTES + 5))).success).toBe(true);
    const tooLong = parse('A'.repeat(MAX_DOCUMENT_BASE64 + 2048));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toBe('The file is too large');
  });

  it('accepts Word and OpenDocument files as kinds to keep, and nothing unknown', () => {
    for (const mediaType of [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/msword',
      'application/vnd.oasis.opendocument.text',
    ]) {
      expect(parse(b64(DOCX), mediaType).success, mediaType).toBe(true);
    }
    expect(parse(b64(PDF), 'application/x-msdownload').success).toBe(false);
  });
});
