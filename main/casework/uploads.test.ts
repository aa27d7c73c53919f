import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentUploads } from '#main/casework/uploads.ts';

/**
 * Uploads left behind (#12): dropped when idle, when too many are open, and
 * when another store (another user, after a sign-out) is the one asking.
 */
const details = { caseId: 'c', name: 'n.txt', mediaType: 'text/plain' as const, size: 4 };

afterEach(() => {
  vi.useRealTimers();
});

describe('document uploads', () => {
  it('drops an upload left idle, and zeroes what arrived', () => {
    vi.useFakeTimers();
    const uploads = documentUploads({ idleMs: 60_000 });
    const store = {};
    const begun = uploads.begin(store, details);
    if (!begun.ok) throw new Error(begun.reason);
    const piece = Buffer.from('ab');
    expect(uploads.chunk(store, begun.value.uploadId, 0, piece)).toEqual({
      ok: true,
      value: { received: 2 },
    });
    vi.advanceTimersByTime(59_000);
    expect(uploads.open()).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(uploads.open()).toBe(0);
    expect(uploads.finish(store, begun.value.uploadId)).toEqual({
      ok: false,
      reason: 'upload-not-found',
    });
  });

  it('keeps at most a few open, dropping the least recently used', () => {
    const uploads = documentUploads({ maxOpen: 2 });
    const store = {};
    const ids = [1, 2, 3].map(() => {
      const begun = uploads.begin(store, details);
      if (!begun.ok) throw new Error(begun.reason);
      return begun.value.uploadId;
    });
    expect(uploads.open()).toBe(2);
    expect(uploads.chunk(store, ids[0] ?? '', 0, Buffer.from('a'))).toEqual({
      ok: false,
      reason: 'upload-not-found',
    });
    expect(uploads.chunk(store, ids[2] ?? '', 0, Buffer.from('a')).ok).toBe(true);
  });

  it('belongs to the store that began it: another store cannot add to it, and it is let go', () => {
    const uploads = documentUploads();
    const alice = {};
    const bob = {};
    const begun = uploads.begin(alice, details);
    if (!begun.ok) throw new Error(begun.reason);
    expect(uploads.chunk(bob, begun.value.uploadId, 0, Buffer.from('abcd'))).toEqual({
      ok: false,
      reason: 'upload-not-found',
    });
    expect(uploads.open()).toBe(0);
    expect(uploads.finish(alice, begun.value.uploadId).ok).toBe(false);
  });
});
