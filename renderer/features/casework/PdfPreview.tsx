import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { reasonText } from '#src/reasons.ts';
import { Problem } from '#renderer/components/forms.tsx';
import type { OpenPdf, PdfProblem } from '#renderer/features/casework/PdfLoader.ts';

/**
 * A PDF shown inside the app, one page at a time: Previous/Next (buttons, or
 * the left and right arrow keys), a size (fit to width or a zoom), each page
 * drawn on a canvas with a text alternative and the page's own text offered
 * to screen-reader users. pdf.js is loaded only when a PDF is opened, and the
 * document (with its worker) is destroyed when the preview closes.
 */

type Zoom = 'fit' | number;
const ZOOMS: { value: Zoom; label: string }[] = [
  { value: 'fit', label: 'Fit to width' },
  { value: 0.5, label: '50%' },
  { value: 0.75, label: '75%' },
  { value: 1, label: '100%' },
  { value: 1.25, label: '125%' },
  { value: 1.5, label: '150%' },
  { value: 2, label: '200%' },
];

/** The most pixels one page's canvas may hold: 16 million, 64 MB of memory. */
const MAX_PIXELS = 16 * 1024 * 1024;

type Loaded =
  | { kind: 'opening' }
  | { kind: 'problem'; problem: PdfProblem }
  | { kind: 'open'; pdf: OpenPdf; pageText: (n: number) => Promise<string> };

/** What the current page shows once drawn: its text, or why it could not be drawn. */
type Drawn = { page: number; text: string | null; failed: boolean };

const loadPdf = async (
  bytes: Uint8Array,
  password: string | undefined,
  onClose: (close: () => Promise<void>) => void,
): Promise<Loaded> => {
  const loader = await import('#renderer/features/casework/PdfLoader.ts');
  // pdf.js takes ownership of the bytes it is given: give it a copy.
  const task = loader.openPdf(bytes.slice(), password);
  onClose(task.close);
  const result = await task.opened;
  if (!result.ok) return { kind: 'problem', problem: result.problem };
  return {
    kind: 'open',
    pdf: result.pdf,
    pageText: async (n) => loader.pageText(await result.pdf.page(n)),
  };
};

/** The frame's width once it is shown (`shown`), kept up to date, for "fit to width". */
const useWidth = (ref: RefObject<HTMLElement | null>, shown: boolean): number => {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!shown || element === null) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, shown]);
  return width;
};

/** Asks for a protected PDF's password; says so plainly when the last one was wrong. */
const PasswordForm = ({
  problem,
  onPassword,
}: {
  problem: 'pdf-password' | 'pdf-wrong-password';
  onPassword: (password: string) => void;
}) => {
  const [typed, setTyped] = useState('');
  const id = useId();
  const problemId = useId();
  return (
    <form
      className="form pdf-password"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (typed !== '') onPassword(typed);
      }}
    >
      <p id={problemId} role={problem === 'pdf-wrong-password' ? 'alert' : undefined}>
        {reasonText(problem)}
      </p>
      <label htmlFor={id}>Password for this PDF</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        aria-describedby={problemId}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <button type="submit">Open the PDF</button>
    </form>
  );
};

export const PdfPreview = ({ bytes, name }: { bytes: Uint8Array; name: string }) => {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'opening' });
  // A protected PDF's password, held only while this preview is open.
  const [password, setPassword] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const frameWidth = useWidth(frame, loaded.kind === 'open');
  const zoomId = useId();
  const hintId = useId();

  // Open the document; destroy it (and pdf.js's worker) when the preview goes.
  useEffect(() => {
    let gone = false;
    let close: (() => Promise<void>) | null = null;
    loadPdf(bytes, password, (c) => {
      // Gone before pdf.js had started: close what it just opened at once.
      if (gone) void c().catch(() => undefined);
      else close = c;
    })
      .catch((): Loaded => ({ kind: 'problem', problem: 'pdf-damaged' }))
      .then((result) => {
        if (!gone) setLoaded(result);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      const closing = close;
      if (closing !== null) void closing().catch(() => undefined);
    };
  }, [bytes, password]);

  const pageCount = loaded.kind === 'open' ? loaded.pdf.pageCount : 0;

  // Draw the current page at the chosen size, then read its text.
  useEffect(() => {
    if (loaded.kind !== 'open' || canvas.current === null) return;
    if (zoom === 'fit' && frameWidth === 0) return;
    const target = canvas.current;
    let cancelled = false;
    // Read through a function: TypeScript cannot see the clean-up set it between awaits.
    const stale = (): boolean => cancelled;
    let cancel: (() => void) | null = null;
    const draw = async (): Promise<void> => {
      const proxy = await loaded.pdf.page(page);
      if (stale()) return;
      const natural = proxy.getViewport({ scale: 1 });
      // Leave room for the frame's border and a scroll bar.
      const scale = zoom === 'fit' ? Math.max(0.25, (frameWidth - 24) / natural.width) : zoom;
      // Sharp on high-density screens, but never a canvas over MAX_PIXELS
      // (a large page at 200% would otherwise take hundreds of MB).
      const cssPixels = natural.width * natural.height * scale * scale;
      const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_PIXELS / cssPixels));
      const viewport = proxy.getViewport({ scale: scale * ratio });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      target.style.width = `${Math.round(natural.width * scale)}px`;
      target.style.height = `${Math.round(natural.height * scale)}px`;
      const task = proxy.render({ canvas: target, viewport });
      cancel = () => task.cancel();
      await task.promise;
      if (stale()) return;
      const text = await loaded.pageText(page);
      if (!stale()) setDrawn({ page, text, failed: false });
    };
    draw().catch((error: unknown) => {
      // A newer draw replaced this one: not a problem.
      if (stale() || (error instanceof Error && error.name === 'RenderingCancelledException'))
        return;
      setDrawn({ page, text: null, failed: true });
    });
    return () => {
      cancelled = true;
      cancel?.();
    };
  }, [loaded, page, zoom, frameWidth]);

  const go = (to: number) => {
    if (to < 1 || to > pageCount || to === page) return;
    setDrawn(null);
    setPage(to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const tag = (event.target as HTMLElement).tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') return;
    if (event.key === 'ArrowRight') {
      event.preventDefault();
      go(page + 1);
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault();
      go(page - 1);
    }
  };

  if (loaded.kind === 'problem') {
    return loaded.problem === 'pdf-damaged' ? (
      <Problem message={reasonText(loaded.problem)} />
    ) : (
      <PasswordForm
        problem={loaded.problem}
        onPassword={(typed) => {
          setLoaded({ kind: 'opening' });
          setPage(1);
          setDrawn(null);
          setPassword(typed);
        }}
      />
    );
  }
  if (loaded.kind === 'opening') return <p role="status">Opening the PDF…</p>;

  const ready = drawn !== null && drawn.page === page;
  const first = page === 1;
  const last = page === pageCount;
  return (
    <div className="pdf-preview" onKeyDown={onKeyDown}>
      <div className="pdf-toolbar">
        <button
          type="button"
          aria-disabled={first}
          aria-describedby={hintId}
          onClick={() => go(page - 1)}
        >
          Previous page
        </button>
        <p className="pdf-page-number" role="status" aria-live="polite">
          Page {page} of {pageCount}
        </p>
        <button
          type="button"
          aria-disabled={last}
          aria-describedby={hintId}
          onClick={() => go(page + 1)}
        >
          Next page
        </button>
        <label htmlFor={zoomId}>Size</label>
        <select
          id={zoomId}
          value={String(zoom)}
          onChange={(e) => setZoom(e.target.value === 'fit' ? 'fit' : Number(e.target.value))}
        >
          {ZOOMS.map((z) => (
            <option key={String(z.value)} value={String(z.value)}>
              {z.label}
            </option>
          ))}
        </select>
      </div>
      <p id={hintId} className="hint">
        The left and right arrow keys also turn the pages.
      </p>
      <div
        ref={frame}
        className="pdf-frame"
        // Focusable so the page can be scrolled and turned from the keyboard.
        tabIndex={0}
        role="group"
        aria-label={`Page ${page} of ${name}`}
      >
        <canvas
          ref={canvas}
          role="img"
          data-painted={ready && !drawn.failed ? 'yes' : 'no'}
          aria-label={`Page ${page} of ${pageCount} of ${name}. Its words are under “Text of this page”, below.`}
        />
      </div>
      {ready && drawn.failed && (
        <Problem message="This page could not be drawn. The other pages may still show, and saving a copy keeps the whole file." />
      )}
      <details className="pdf-text">
        <summary>Text of this page</summary>
        {!ready ? (
          <p>Reading the page…</p>
        ) : drawn.text === null || drawn.text === '' ? (
          <p>
            This page has no words that can be read out. It may be a scanned picture: save a copy to
            open it in a program that can read scans aloud.
          </p>
        ) : (
          <pre className="document-text">{drawn.text}</pre>
        )}
      </details>
    </div>
  );
};
