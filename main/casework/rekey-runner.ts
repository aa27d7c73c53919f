import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';

/**
 * Runs the rekey's copy and re-encryption (main/casework/rekey-worker.ts) on
 * a worker thread, so the desk's main thread keeps answering: every IPC
 * call, sync, the auto-lock timer. The keys travel only inside this process,
 * as transferred bytes (the worker wipes them); never to the renderer, never
 * to a log.
 */

/** What the worker is given (workerData). */
export type RekeyWork = {
  file: string;
  copy: string;
  oldKey: Uint8Array;
  newKey: Uint8Array;
  /** Test support: an Int32 the worker waits on (Atomics) after the copy, until it is not 0. */
  holdAfterCopy: SharedArrayBuffer | null;
};

export type RekeyStep = 'copying' | 'copied' | 'rekeyed';
/** What the worker reports: each step, or a failure's code (no message: it could quote the key). */
export type WorkerReport = { step: RekeyStep } | { step: 'failed'; code: string };

/**
 * Where the worker is. Built (`.js`): `rekey-worker.js` beside the bundle's
 * own file in .vite/build (vite.main.config.ts makes it an entry). From
 * source (`.ts`, under tsx or vitest): a tiny bootstrap that registers tsx's
 * loader in the worker first, since Node does not pass `--import` loaders on
 * to workers. The names are kept out of `new URL('…', import.meta.url)` so
 * that Vite leaves them alone.
 */
const BUILT_WORKER = './rekey-worker.js';
const SOURCE_WORKER = './rekey-worker.ts';
export const rekeyWorkerUrl = (base: string): URL => {
  if (!base.endsWith('.ts')) return new URL(BUILT_WORKER, base);
  const target = new URL(SOURCE_WORKER, base).href;
  // tsx's ESM API (a dev dependency; only ever used when running from source).
  const tsx = new URL('./esm/api/index.mjs', pathToFileURL(createRequire(base).resolve('tsx')));
  const boot = [
    `const { register } = await import(${JSON.stringify(tsx.href)});`,
    'register();',
    `await import(${JSON.stringify(target)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
};

/** A key's bytes in a fresh buffer of their own, to transfer to the worker. */
const ownCopy = (key: Buffer): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(new ArrayBuffer(key.length));
  bytes.set(key);
  return bytes;
};

/**
 * Copies and re-encrypts the (closed) store on a worker. `rekeyed`: the
 * store is the new key's. `failed` with a code: SQLite rolled back, the
 * store is still the old key's (a copy may be left: the caller wipes it).
 * `stopped`: the worker ended without saying (should not happen); the caller
 * reopens the store the crash-safe way, which settles whichever it is.
 */
export const runRekeyWorker = (args: {
  file: string;
  copy: string;
  oldKey: Buffer;
  newKey: Buffer;
  onStep?: (step: RekeyStep) => void;
  holdAfterCopy?: SharedArrayBuffer;
  workerUrl?: URL;
}): Promise<Result<null, 'rekey-failed' | 'rekey-stopped'>> =>
  new Promise((resolve) => {
    const oldKey = ownCopy(args.oldKey);
    const newKey = ownCopy(args.newKey);
    const work: RekeyWork = {
      file: args.file,
      copy: args.copy,
      oldKey,
      newKey,
      holdAfterCopy: args.holdAfterCopy ?? null,
    };
    let outcome: Result<null, 'rekey-failed' | 'rekey-stopped'> | null = null;
    const worker = new Worker(args.workerUrl ?? rekeyWorkerUrl(import.meta.url), {
      workerData: work,
      // Moved, not copied: after this, only the worker holds these bytes.
      transferList: [oldKey.buffer, newKey.buffer],
    });
    worker.on('message', (message: WorkerReport) => {
      if (message.step === 'failed') {
        outcome = err('rekey-failed', message.code);
        return;
      }
      if (message.step === 'rekeyed') outcome = ok(null);
      args.onStep?.(message.step);
    });
    worker.on('error', () => {
      outcome ??= err('rekey-stopped');
    });
    worker.on('exit', () => {
      resolve(outcome ?? err('rekey-stopped'));
    });
  });
