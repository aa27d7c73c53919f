import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_LIMIT_HINT,
  checkAttachment,
  MAX_ATTACHMENT_BYTES,
  sniffAttachment,
} from '#src/referral/attachments.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)),
  );
const zipHeader = [0x50, 0x4b, 0x03, 0x04, ...new Array<number>(26).fill(0)];

const SAMPLES = {
  pdf: bytes('%PDF-1.7\n1 0 obj\n'),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  odt: bytes(zipHeader, 'mimetypeapplication/vnd.oasis.opendocument.textPK'),
  docx: bytes(zipHeader, '[Content_Types].xml', [1, 2, 3], 'word/document.xml', [0]),
  doc: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
  // "£" written as its two UTF-8 bytes, and "€" as its three.
  text: bytes('Payslip: ', [0xc2, 0xa3], '312.40 net ', [0xe2, 0x82, 0xac], '\r\nTab\there\n'),
};

describe('attachments', () => {
  it('knows each accepted kind by its bytes', () => {
    expect(sniffAttachment(SAMPLES.pdf)).toBe('application/pdf');
    expect(sniffAttachment(SAMPLES.png)).toBe('image/png');
    expect(sniffAttachment(SAMPLES.jpeg)).toBe('image/jpeg');
    expect(sniffAttachment(SAMPLES.odt)).toBe('application/vnd.oasis.opendocument.text');
    expect(sniffAttachment(SAMPLES.docx)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffAttachment(SAMPLES.doc)).toBe('application/msword');
    expect(sniffAttachment(SAMPLES.text)).toBe('text/plain');
  });

  it('refuses programs, other archives, binary data and broken text', () => {
    expect(sniffAttachment(bytes('MZ', [0x90, 0, 3, 0]))).toBeNull(); // a Windows program
    expect(sniffAttachment(bytes([0x7f], 'ELF', [2, 1, 1]))).toBeNull();
    expect(sniffAttachment(bytes(zipHeader, 'payload.exe'))).toBeNull(); // a zip, not a document
    expect(sniffAttachment(bytes('text then', [0], 'a NUL'))).toBeNull();
    expect(sniffAttachment(bytes([0xc3, 0x28]))).toBeNull(); // not UTF-8
    expect(sniffAttachment(bytes([0xc0, 0xaf]))).toBeNull(); // an overlong "/"
    expect(sniffAttachment(bytes([0xed, 0xa0, 0x80]))).toBeNull(); // a lone surrogate
  });

  it('needs the name to agree with the bytes, whatever its case', () => {
    expect(checkAttachment('Payslip.PDF', SAMPLES.pdf)).toEqual({
      ok: true,
      value: 'application/pdf',
    });
    expect(checkAttachment('photo.jpeg', SAMPLES.jpeg)).toMatchObject({ ok: true });
    expect(checkAttachment('letter.docx', SAMPLES.docx)).toMatchObject({ ok: true });
    expect(checkAttachment('letter.odt', SAMPLES.odt)).toMatchObject({ ok: true });
    expect(checkAttachment('notes.txt', SAMPLES.text)).toMatchObject({ ok: true });
    // A renamed file is refused either way round, and so is a name with no kind.
    expect(checkAttachment('payslip.pdf', bytes('MZ', [0x90, 0]))).toEqual({
      ok: false,
      reason: 'attachment-wrong-type',
    });
    expect(checkAttachment('photo.png', SAMPLES.pdf)).toMatchObject({
      reason: 'attachment-wrong-type',
    });
    expect(checkAttachment('payslip', SAMPLES.pdf)).toMatchObject({
      reason: 'attachment-wrong-type',
    });
  });

  it('refuses an empty file and one over the limit', () => {
    expect(checkAttachment('a.txt', new Uint8Array())).toMatchObject({ reason: 'document-empty' });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0x41);
    expect(checkAttachment('a.txt', big)).toMatchObject({ reason: 'document-too-large' });
    expect(checkAttachment('a.txt', big.subarray(1))).toMatchObject({ ok: true });
  });
});

describe('the referral document limit, where a person attaches one (#12)', () => {
  it('says the limit from the rule itself, and why it is smaller than a case’s', () => {
    expect(ATTACHMENT_LIMIT_HINT).toContain(
      `up to ${String(MAX_ATTACHMENT_BYTES / 1024)} KB. Documents sent with a referral travel through the network`,
    );
    expect(ATTACHMENT_LIMIT_HINT).toMatch(/phone photo of a letter/);
  });
});
