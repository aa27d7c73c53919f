import type { Database } from '#main/store/open.ts';
import { getMeta, setMeta } from '#main/store/meta.ts';
import type { MetaKey } from '#main/store/meta.ts';
import { applyRetention, retentionPreview } from '#main/store/retention.ts';

/**
 * The agency's retention rule, run by itself (#5) but never unseen: a case
 * that falls due is first *listed* (on the Retention page) and anonymised
 * only once it has been listed for `RETENTION_NOTICE_DAYS`. Reopening a case
 * takes it off the list; turning the rule off clears the list. What was
 * listed, and when, is kept in the store's meta table (ids and dates only).
 */
export const RETENTION_NOTICE_DAYS = 7;

export type ScheduledCase = {
  caseId: string;
  reference: string;
  closedOn: string;
  /** The day it is anonymised, if still due then. */
  anonymiseOn: string;
};
export type RetentionRun = { on: string; anonymisedCases: number; anonymisedClients: number };

const LISTED = 'retention-listed';
const LAST_RUN = 'retention-last-run';

const readJson = <T>(db: Database, key: MetaKey, fallback: T): T => {
  const value = getMeta(db, key);
  if (value === null) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};
const writeJson = (db: Database, key: MetaKey, value: unknown): void => {
  setMeta(db, key, JSON.stringify(value));
};

const addDays = (day: string, days: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Lists what has newly fallen due under the rule (`years`; null: no rule),
 * anonymises (when `apply`) what has been listed for the notice period, and
 * returns what is still listed with the day each will go.
 */
export const runRetentionSchedule = (
  db: Database,
  years: number | null,
  now: Date,
  apply: boolean,
): { listed: ScheduledCase[]; ran: RetentionRun | null } => {
  const today = now.toISOString().slice(0, 10);
  if (years === null) {
    writeJson(db, LISTED, {});
    return { listed: [], ran: null };
  }
  const before = readJson<Record<string, string>>(db, LISTED, {});
  const due = retentionPreview(db, years, today);
  // Only cases still due stay listed: a reopened case drops off.
  const listed = new Map<string, string>();
  for (const c of due) listed.set(c.caseId, before[c.caseId] ?? today);
  const ready = due.filter(
    (c) => addDays(listed.get(c.caseId) ?? today, RETENTION_NOTICE_DAYS) <= today,
  );
  let ran: RetentionRun | null = null;
  if (apply && ready.length > 0) {
    const result = applyRetention(
      db,
      years,
      ready.map((c) => c.caseId),
      now,
    );
    ran = { on: today, ...result };
    writeJson(db, LAST_RUN, ran);
    for (const c of ready) listed.delete(c.caseId);
  }
  writeJson(db, LISTED, Object.fromEntries(listed));
  return {
    listed: due
      .filter((c) => listed.has(c.caseId))
      .map((c) => ({
        ...c,
        anonymiseOn: addDays(listed.get(c.caseId) ?? today, RETENTION_NOTICE_DAYS),
      })),
    ran,
  };
};

/** The last automatic run that anonymised anything. */
export const lastRetentionRun = (db: Database): RetentionRun | null =>
  readJson<RetentionRun | null>(db, LAST_RUN, null);
