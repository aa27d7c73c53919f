import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * The one place that talks to pdf.js (loaded only when a PDF is opened, so
 * the rest of the app never pays for it). PDFs are parsed in pdf.js's worker,
 * served from the app's own files (CSP `worker-src 'self'`).
 *
 * What it is not allowed to do, and why:
 * - no WebAssembly (`useWasm: false`): the CSP has no 'wasm-unsafe-eval'.
 *   Scanned pages in JBIG2, CCITT or JPEG 2000 are decoded by pdf.js's
 *   plain-JavaScript decoders instead (slower, same picture); colours from
 *   embedded ICC profiles fall back to pdf.js's own conversion.
 * - no eval: pdf.js 6 never uses it (PostScript functions run in its
 *   interpreter when WebAssembly is off), so the CSP keeps script-src 'self'.
 * - no scripts, forms or links: only the page's drawing is rendered to a
 *   canvas and its text read; the annotation layer (where links live) and
 *   pdf.js's scripting sandbox are never created, and XFA forms are off.
 */
GlobalWorkerOptions.workerSrc = workerUrl;

/** Where the build put pdf.js's data files (see vite.renderer.config.ts). */
const assets = (dir: string): string => new URL(`pdfjs/${dir}/`, document.baseURI).href;

export type PdfProblem = 'pdf-password' | 'pdf-wrong-password' | 'pdf-damaged';

export type OpenPdf = {
  pageCount: number;
  page: (number: number) => Promise<PDFPageProxy>;
  /** Ends the worker and frees the document's memory. */
  close: () => Promise<void>;
};

/** pdf.js's PasswordResponses: 1 a password is needed, 2 the one given is wrong. */
const INCORRECT_PASSWORD = 2;

const problemOf = (error: unknown): PdfProblem => {
  if (!(error instanceof Error) || error.name !== 'PasswordException') return 'pdf-damaged';
  return 'code' in error && error.code === INCORRECT_PASSWORD
    ? 'pdf-wrong-password'
    : 'pdf-password';
};

/**
 * Opens a PDF from its bytes (pdf.js takes them: pass a copy you no longer
 * need). `close` must be called when the preview goes away; it is also safe to
 * call while the document is still opening.
 */
export const openPdf = (
  bytes: Uint8Array,
  /** For a protected PDF: what the adviser typed. Used to open it, never kept. */
  password?: string,
): {
  opened: Promise<{ ok: true; pdf: OpenPdf } | { ok: false; problem: PdfProblem }>;
  close: () => Promise<void>;
} => {
  const task = getDocument({
    data: bytes,
    useWasm: false,
    wasmUrl: assets('wasm'),
    standardFontDataUrl: assets('standard_fonts'),
    cMapUrl: assets('cmaps'),
    cMapPacked: true,
    enableXfa: false,
    ...(password !== undefined && { password }),
  });
  const close = (): Promise<void> => task.destroy();
  const opened = task.promise.then(
    (doc: PDFDocumentProxy) => ({
      ok: true as const,
      pdf: { pageCount: doc.numPages, page: (n: number) => doc.getPage(n), close },
    }),
    (error: unknown) => ({ ok: false as const, problem: problemOf(error) }),
  );
  return { opened, close };
};

/** A page's text in reading order, one line per line of the PDF, for screen readers. */
export const pageText = async (page: PDFPageProxy): Promise<string> => {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  return text.replace(/[ \t]+\n/g, '\n').trim();
};
