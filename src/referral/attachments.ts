import { err, ok, type Result } from '#src/result.ts';

/**
 * Documents attached to a referral (#3): the kinds a network accepts, checked
 * by their bytes and their name together, at the desk and again at the
 * server. A program renamed "payslip.pdf" is refused, and so is a PDF named
 * "photo.png": the receiver opens what the name says it is.
 */
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * Kept below the server's 1 MiB request limit once written as base64. A
 * referral's document travels through the network server to the other
 * agency (and is held there until the referral is erased), so it is kept
 * small; a case's own documents stay on this computer (MAX_DOCUMENT_BYTES).
 */
export const MAX_ATTACHMENT_BYTES = 700 * 1024;

/**
 * The limit, and why, where a person attaches a document to a referral
 * (#12: 700 KB beside a case's 20 MB was left unexplained).
 */
export const ATTACHMENT_LIMIT_HINT =
  `A PDF, a picture (PNG or JPEG), a Word or OpenDocument text file, or plain text, up to ${String(Math.floor(MAX_ATTACHMENT_BYTES / 1024))} KB. ` +
  'Documents sent with a referral travel through the network to the other agency, so they must be small (a case’s own documents stay on this computer and can be much larger). ' +
  'A phone photo of a letter is often bigger: save it at a smaller size, or scan it as a PDF, first.';

const EXTENSIONS: Readonly<Record<AttachmentType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/msword': ['doc'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'text/plain': ['txt', 'text'],
};

/** Plain words for each kind, for screens. */
export const ATTACHMENT_LABEL: Readonly<Record<AttachmentType, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG picture',
  'image/jpeg': 'JPEG picture',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/msword': 'Word document (older format)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'text/plain': 'Plain text',
};

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** Whether `needle` (ASCII) occurs anywhere in `bytes`. */
const contains = (bytes: Uint8Array, needle: readonly number[]): boolean => {
  const first = needle[0];
  outer: for (let i = bytes.indexOf(first ?? 0); i !== -1; i = bytes.indexOf(first ?? 0, i + 1)) {
    if (i + needle.length > bytes.length) return false;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// An OpenDocument file starts with an uncompressed "mimetype" entry naming its kind.
const ODT = ascii('mimetypeapplication/vnd.oasis.opendocument.text');
// A Word (OOXML) package names its main part in the zip's directory.
const DOCX = ascii('word/document.xml');
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Tab, line feed, form feed, carriage return: the only control characters text may hold. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/**
 * Valid UTF-8 (no overlong forms, no surrogates) with no control characters
 * other than tab and line ends: anything else is a binary file. Written out
 * because `src/` has no TextDecoder.
 */
const isPlainText = (bytes: Uint8Array): boolean => {
  const at = (i: number): number => bytes[i] ?? -1;
  for (let i = 0; i < bytes.length;) {
    const x = at(i);
    if (x < 0x80) {
      if ((x < 0x20 && !TEXT_CONTROLS.has(x)) || x === 0x7f) return false;
      i += 1;
      continue;
    }
    // Continuation bytes and the allowed range of the first one, by lead byte.
    let more: number;
    let low = 0x80;
    let high = 0xbf;
    if (x >= 0xc2 && x <= 0xdf) more = 1;
    else if (x >= 0xe0 && x <= 0xef) {
      more = 2;
      if (x === 0xe0) low = 0xa0;
      if (x === 0xed) high = 0x9f;
    } else if (x >= 0xf0 && x <= 0xf4) {
      more = 3;
      if (x === 0xf0) low = 0x90;
      if (x === 0xf4) high = 0x8f;
    } else return false;
    const second = at(i + 1);
    if (second < low || second > high) return false;
    for (let k = 2; k <= more; k++) {
      const c = at(i + k);
      if (c < 0x80 || c > 0xbf) return false;
    }
    i += more + 1;
  }
  return true;
};

/** What the bytes are, whatever the name says; null for anything not accepted. */
export const sniffAttachment = (bytes: Uint8Array): AttachmentType | null => {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ZIP)) {
    if (startsWith(bytes, ODT, 30)) return 'application/vnd.oasis.opendocument.text';
    if (contains(bytes, DOCX))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return null;
  }
  if (startsWith(bytes, OLE)) return 'application/msword';
  return isPlainText(bytes) ? 'text/plain' : null;
};

export type AttachmentProblem = 'document-empty' | 'document-too-large' | 'attachment-wrong-type';

/** The file's kind, from its bytes, when its size and its name agree with them. */
export const checkAttachment = (
  name: string,
  bytes: Uint8Array,
): Result<AttachmentType, AttachmentProblem> => {
  if (bytes.length === 0) return err('document-empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) return err('document-too-large');
  const type = sniffAttachment(bytes);
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim())?.[1]?.toLowerCase();
  if (type === null || extension === undefined || !EXTENSIONS[type].includes(extension)) {
    return err('attachment-wrong-type');
  }
  return ok(type);
};
