import { createHash } from 'node:crypto';

/**
 * Small, valid PDFs written byte by byte for the tests: one page per entry of
 * `pages`, each line of text set in Helvetica, with a correct cross-reference
 * table, so any PDF reader (pdf.js, pdftotext) opens them.
 *
 * - `padding`: that many extra bytes in an unused stream, to make a large
 *   file that is still a valid PDF (for size limits and round trips).
 * - `password`: really encrypted with that user password (the PDF standard
 *   security handler, revision 2: RC4 with a 40-bit key, as many bank and
 *   payslip PDFs still are), so only that password opens it.
 * - `embeddedFont`: a TrueType font file to embed and set the text in, as
 *   most real PDFs do, instead of naming Helvetica.
 */
export type PdfOptions = {
  padding?: Uint8Array;
  password?: string;
  embeddedFont?: Uint8Array;
};

/** The standard security handler's padding string (PDF 1.7, 7.6.3.3). */
const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const padded = (password: string): Buffer =>
  Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
const md5 = (...parts: Buffer[]): Buffer => createHash('md5').update(Buffer.concat(parts)).digest();
/** RC4, written out: OpenSSL 3 no longer offers it by default. */
const rc4 = (key: Buffer, data: Buffer): Buffer => {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i += 1) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let n = 0; n < data.length; n += 1) {
    i = (i + 1) & 255;
    j = (j + (s[i] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 255] ?? 0);
  }
  return out;
};

/** Revision 2 of the standard security handler for `password` (algorithms 3.1–3.4). */
const revision2 = (password: string) => {
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(-4);
  const id = Buffer.alloc(16, 0x42);
  const owner = rc4(md5(padded(`${password}-owner`)).subarray(0, 5), padded(password));
  const key = md5(padded(password), owner, permissions, id).subarray(0, 5);
  return {
    dictionary: `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${rc4(key, PAD).toString('hex')}> /P -4 >>`,
    id: id.toString('hex'),
    /** A stream's bytes as stored in object `num` (generation 0). */
    encrypt: (num: number, body: Buffer): Buffer => {
      const objectId = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0]);
      return rc4(md5(key, objectId).subarray(0, 10), body);
    },
  };
};

const escapeText = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

export const buildPdf = (
  pages: readonly (readonly string[])[],
  options: PdfOptions = {},
): Buffer => {
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its contents per page.
  const pageIds = pages.map((_, i) => 4 + i * 2);
  type Stream = { body: Buffer; extra: string };
  const objects = new Map<number, Buffer | Stream>();
  const dict = (text: string): Buffer => Buffer.from(text, 'latin1');
  const stream = (body: Buffer, extra = ''): Stream => ({ body, extra });
  const security = options.password === undefined ? null : revision2(options.password);
  /** An object's bytes; a stream's encrypted when the file has a password. */
  const bytesOf = (id: number, object: Buffer | Stream): Buffer => {
    if (Buffer.isBuffer(object)) return object;
    const body = security === null ? object.body : security.encrypt(id, object.body);
    return Buffer.concat([
      dict(`<< /Length ${body.length}${object.extra} >>\nstream\n`),
      body,
      dict('\nendstream'),
    ]);
  };

  objects.set(1, dict('<< /Type /Catalog /Pages 2 0 R >>'));
  objects.set(
    2,
    dict(
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    ),
  );
  let next = 4 + pages.length * 2;
  if (options.embeddedFont === undefined) {
    objects.set(3, dict('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'));
  } else {
    const [descriptor, file] = [next, next + 1];
    next += 2;
    objects.set(
      3,
      dict(
        `<< /Type /Font /Subtype /TrueType /BaseFont /Embedded /FirstChar 32 /LastChar 126 /Encoding /WinAnsiEncoding /FontDescriptor ${descriptor} 0 R >>`,
      ),
    );
    objects.set(
      descriptor,
      dict(
        `<< /Type /FontDescriptor /FontName /Embedded /Flags 32 /FontBBox [-544 -303 1302 980] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 /FontFile2 ${file} 0 R >>`,
      ),
    );
    const font = Buffer.from(options.embeddedFont);
    objects.set(file, stream(font, ` /Length1 ${font.length}`));
  }
  pages.forEach((lines, i) => {
    const pageId = 4 + i * 2;
    const content = [
      'BT',
      '/F1 24 Tf',
      '28 TL',
      '72 720 Td',
      ...lines.map((line) => `(${escapeText(line)}) Tj T*`),
      'ET',
    ].join('\n');
    objects.set(
      pageId,
      dict(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`,
      ),
    );
    objects.set(pageId + 1, stream(dict(content)));
  });
  if (options.padding !== undefined) {
    objects.set(next, stream(Buffer.from(options.padding)));
    next += 1;
  }
  let encryptId: number | null = null;
  let fileId = '0'.repeat(32);
  if (security !== null) {
    encryptId = next;
    objects.set(encryptId, dict(security.dictionary));
    fileId = security.id;
    next += 1;
  }

  const parts: Buffer[] = [dict('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  for (let id = 1; id < next; id += 1) {
    const body = objects.get(id);
    if (body === undefined) throw new Error(`object ${id} missing`);
    const chunk = Buffer.concat([dict(`${id} 0 obj\n`), bytesOf(id, body), dict('\nendobj\n')]);
    offsets[id] = offset;
    parts.push(chunk);
    offset += chunk.length;
  }
  const xref = [
    'xref',
    `0 ${next}`,
    '0000000000 65535 f ',
    ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ].join('\n');
  const trailer = [
    'trailer',
    `<< /Size ${next} /Root 1 0 R${
      encryptId === null ? '' : ` /Encrypt ${encryptId} 0 R /ID [<${fileId}> <${fileId}>]`
    } >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(dict(`${xref}\n${trailer}`));
  return Buffer.concat(parts);
};
