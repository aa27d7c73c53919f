import { newId } from '#src/ids.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import type { Me } from '#src/wire/api.ts';
import { CASE_SERIES_PATH, caseSeriesSchema } from '#src/wire/case-series.ts';
import { apiRequest } from '#main/account/server-call.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import type { Database } from '#main/store/open.ts';

/** How long opening a case waits for the letters before numbering without them. */
const WAIT_WHEN_OPENING_MS = 3_000;
/** After a failed ask, how long opening a case numbers at once instead of waiting again. */
const AFTER_FAILING_MS = 60_000;

/** This store's own id: names it to the server, never the person or the computer. */
const storeIdOf = (db: Database): string => {
  const kept = getMeta(db, 'store-id');
  if (kept !== null) return kept;
  const id = newId();
  setMeta(db, 'store-id', id);
  return id;
};

/**
 * The store's case reference letters (#5), asked of the server once: at the
 * first sign-in, or the first time the network can be reached after it.
 * Until they arrive (a desk that has only been offline since this came in),
 * cases are numbered as before, HC-2026-0001, and keep that reference.
 */
export const caseSeriesKeeper = (ctx: {
  session: () => { db: Database; me: Me; serverUrl: string; token: string } | null;
}) => {
  let asking: Promise<void> | null = null;
  /** When asking last failed (offline, or refused): the next cases do not wait for a while. */
  let failedAt = Number.NEGATIVE_INFINITY;

  const ask = async (): Promise<void> => {
    const session = ctx.session();
    if (session === null || !can(session.me.user.role, 'casework.series')) return;
    if (getMeta(session.db, 'case-series') !== null) return;
    const answer = await apiRequest(
      `${session.serverUrl}${API}${CASE_SERIES_PATH}`,
      session.token,
      {
        storeId: storeIdOf(session.db),
      },
    );
    // Offline or refused: asked again when a case is next opened or the desk next opens.
    if (!answer.ok) {
      failedAt = Date.now();
      return;
    }
    const series = caseSeriesSchema.safeParse(answer.value);
    if (series.success && ctx.session() === session) {
      setMeta(session.db, 'case-series', series.data.code);
    }
  };

  /** Asks once at a time; resolves when the letters are kept or the asking failed. */
  const ensure = (): Promise<void> =>
    (asking ??= ask().finally(() => {
      asking = null;
    }));

  return {
    ensure,
    /** Before a case is numbered: the letters if they can be had quickly, else numbered without. */
    beforeOpeningCase: async (): Promise<void> => {
      const session = ctx.session();
      if (session === null || getMeta(session.db, 'case-series') !== null) return;
      // The network just failed to answer: number now, and ask again in the background,
      // so an adviser offline never waits seconds for every case they open.
      if (Date.now() - failedAt < AFTER_FAILING_MS) {
        void ensure();
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ensure(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, WAIT_WHEN_OPENING_MS);
        }),
      ]);
      clearTimeout(timer);
    },
  };
};
