/**
 * Small, valid PDFs written byte by byte for the tests: one page per entry of
 * `pages`, each line of text set in Helvetica, with a correct cross-reference
 * table, so any PDF reader (pdf.js, pdftotext) opens them.
 *
 * - `padding`: that many extra bytes in an unused stream, to make a large
 *   file that is still a valid PDF (for size limits and round trips).
 * - `locked`: adds a standard security handler whose user password is not
 *   empty, so a reader asks for a password before showing anything.
 * - `embeddedFont`: a TrueType font file to embed and set the text in, as
 *   most real PDFs do, instead of naming Helvetica.
 */
export type PdfOptions = { padding?: Uint8Array; locked?: boolean; embeddedFont?: Uint8Array };

const escapeText = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

export const buildPdf = (
  pages: readonly (readonly string[])[],
  options: PdfOptions = {},
): Buffer => {
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its contents per page.
  const pageIds = pages.map((_, i) => 4 + i * 2);
  const objects = new Map<number, Buffer>();
  const dict = (text: string): Buffer => Buffer.from(text, 'latin1');
  const stream = (body: Buffer, extra = ''): Buffer =>
    Buffer.concat([
      dict(`<< /Length ${body.length}${extra} >>\nstream\n`),
      body,
      dict('\nendstream'),
    ]);

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
  if (options.locked === true) {
    encryptId = next;
    // /U is not what the empty password gives, so a reader must ask for one.
    const hex = (byte: string) => byte.repeat(64);
    objects.set(
      encryptId,
      dict(`<< /Filter /Standard /V 1 /R 2 /O <${hex('a')}> /U <${hex('b')}> /P -4 >>`),
    );
    next += 1;
  }

  const parts: Buffer[] = [dict('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let offset = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  for (let id = 1; id < next; id += 1) {
    const body = objects.get(id);
    if (body === undefined) throw new Error(`object ${id} missing`);
    const chunk = Buffer.concat([dict(`${id} 0 obj\n`), body, dict('\nendobj\n')]);
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
      encryptId === null
        ? ''
        : ` /Encrypt ${encryptId} 0 R /ID [<${'0'.repeat(32)}> <${'0'.repeat(32)}>]`
    } >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(dict(`${xref}\n${trailer}`));
  return Buffer.concat(parts);
};
