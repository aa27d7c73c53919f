import { API } from '#src/wire/api.ts';

/** A test client for GET /events: collects frames and waits for the ones it wants. */
export const openEvents = async (baseUrl: string, token: string) => {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}${API}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const frames: string[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        frames.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      for (const w of waiters) w();
    }
  };
  const pumping = pump().catch(() => undefined);

  /** Resolves with the first frame (from `from` on) that matches, or rejects after `ms`. */
  const waitFor = (match: (frame: string) => boolean, ms = 2000, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = frames.slice(from).find(match);
        if (hit === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(frames)}`));
      }, ms);
      waiters.add(check);
      check();
    });

  return {
    frames,
    waitFor,
    nudges: () => frames.filter((f) => f.startsWith('event: changes')),
    /** Resolves when the server ends the stream (or it fails): no timer involved. */
    ended: pumping,
    close: async () => {
      abort.abort();
      await pumping;
    },
  };
};

export const nudge = (frame: string): number | null => {
  const m = /^event: changes\ndata: \{"seq":(\d+)\}$/.exec(frame);
  return m ? Number(m[1]) : null;
};
