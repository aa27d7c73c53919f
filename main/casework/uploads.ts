import { randomUUID } from 'node:crypto';
import { MAX_DOCUMENT_BYTES } from '#src/casework/schemas.ts';
import type { DocumentMediaType } from '#src/casework/schemas.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';

/**
 * Case documents arriving in pieces (#12). The bytes are assembled in main's
 * memory, never in a file: the document is personal data, and the only place
 * it is written is the encrypted store, once, at commit. The size declared at
 * the start is the most that is received: a piece past it ends the upload
 * with "too large". An upload belongs to the store that began it (signing out
 * or locking ends it), is dropped when left idle, and few are open at once,
 * so abandoned uploads never pile up.
 */
export type Upload = {
  owner: object;
  caseId: string;
  name: string;
  mediaType: DocumentMediaType;
  bytes: Buffer;
  received: number;
};

export type UploadOptions = {
  /** An upload not touched for this long is dropped. */
  idleMs?: number;
  /** The most open at once; beginning another drops the least recently touched. */
  maxOpen?: number;
};

export type DocumentUploads = {
  begin(
    owner: object,
    details: { caseId: string; name: string; mediaType: DocumentMediaType; size: number },
  ): Result<{ uploadId: string }, Reason>;
  chunk(
    owner: object,
    uploadId: string,
    offset: number,
    piece: Buffer,
  ): Result<{ received: number }, Reason>;
  /** Takes a complete upload out (the caller keeps it); refuses an unfinished one. */
  finish(owner: object, uploadId: string): Result<Upload, Reason>;
  abandon(owner: object, uploadId: string): void;
  /** How many are open (for tests). */
  open(): number;
};

export const documentUploads = (options: UploadOptions = {}): DocumentUploads => {
  const idleMs = options.idleMs ?? 10 * 60_000;
  const maxOpen = options.maxOpen ?? 3;
  type Entry = Upload & { timer: ReturnType<typeof setTimeout> };
  const uploads = new Map<string, Entry>();

  const drop = (id: string): void => {
    const entry = uploads.get(id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    // What arrived is personal data: do not leave it in freed memory.
    entry.bytes.fill(0);
    uploads.delete(id);
  };
  const touch = (id: string, entry: Entry): void => {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => drop(id), idleMs);
    entry.timer.unref();
    // Map order is the order of last touch: the first is the least recent.
    uploads.delete(id);
    uploads.set(id, entry);
  };
  /** The upload, if it is this store's. Another store's uploads are dropped on sight. */
  const find = (owner: object, id: string): Entry | null => {
    for (const [other, entry] of uploads) if (entry.owner !== owner) drop(other);
    return uploads.get(id) ?? null;
  };

  return {
    begin: (owner, { caseId, name, mediaType, size }) => {
      if (size === 0) return err('document-empty');
      if (size > MAX_DOCUMENT_BYTES) return err('document-too-large');
      find(owner, '');
      while (uploads.size >= maxOpen) {
        const [oldest] = uploads.keys();
        if (oldest === undefined) break;
        drop(oldest);
      }
      const id = randomUUID();
      const entry: Entry = {
        owner,
        caseId,
        name,
        mediaType,
        bytes: Buffer.alloc(size),
        received: 0,
        timer: setTimeout(() => undefined, 0),
      };
      touch(id, entry);
      return ok({ uploadId: id });
    },
    chunk: (owner, id, offset, piece) => {
      const entry = find(owner, id);
      if (entry === null) return err('upload-not-found');
      if (offset !== entry.received) {
        drop(id);
        return err('document-incomplete');
      }
      if (entry.received + piece.length > entry.bytes.length) {
        drop(id);
        return err('document-too-large');
      }
      piece.copy(entry.bytes, entry.received);
      entry.received += piece.length;
      touch(id, entry);
      return ok({ received: entry.received });
    },
    finish: (owner, id) => {
      const entry = find(owner, id);
      if (entry === null) return err('upload-not-found');
      if (entry.received !== entry.bytes.length) {
        drop(id);
        return err('document-incomplete');
      }
      clearTimeout(entry.timer);
      uploads.delete(id);
      return ok({
        owner: entry.owner,
        caseId: entry.caseId,
        name: entry.name,
        mediaType: entry.mediaType,
        bytes: entry.bytes,
        received: entry.received,
      });
    },
    abandon: (owner, id) => {
      if (find(owner, id) !== null) drop(id);
    },
    open: () => uploads.size,
  };
};
