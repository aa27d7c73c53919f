import { evictBrakes } from '#server/auth/brakes.ts';
import { sessionBusFor } from '#server/auth/session-bus.ts';
import { expireSessions } from '#server/auth/sessions.ts';
import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { deliverEmails, sendDigests } from '#server/email/deliver.ts';
import type { Mailer } from '#server/email/mailer.ts';
import { queueEmail } from '#server/email/outbox.ts';
import { loadNetwork } from '#server/network/load.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { newId } from '#src/ids.ts';
import { noResponseAfter } from '#src/referral/deadlines.ts';
import { transition, type ReferralStatus } from '#src/referral/lifecycle.ts';
import type { Organisation } from '#src/wire/directory.ts';

type OpenRow = {
  id: string;
  status: ReferralStatus;
  from_org: string;
  to_org: string;
  acknowledge_by: string;
  act_by: string | null;
  nation: Organisation['nation'];
};

/** Who closed it, in the referral's history: nobody in particular, the network's rules. */
const SYSTEM_ACTOR_NAME = 'Handover (automatic)';

/**
 * Closes as "no response" every referral still waiting on its receiver past
 * the network's limit (`noResponseAfter`), and puts each on the change feed,
 * so the referrer's desk learns at once and can send the client elsewhere.
 *
 * Safe with several server instances: it runs in one change-feed transaction
 * (which takes the feed's lock), locks the rows it reads, and goes only
 * through `transition()`, so a second run, or an acknowledgement that got in
 * first, finds nothing left to expire. Returns the ids it closed.
 */
export const expireUnanswered = async (db: Db, now: Date): Promise<string[]> =>
  changeTx(
    db,
    async (tx) => {
      const network = await loadNetwork(tx);
      if (!network) return [];
      const { settings } = network;
      const today = londonDate(now);
      // Only referrals already past their deadline can be past the limit.
      const rows = await tx.query<OpenRow>(
        `select r.id, r.status, r.from_org, r.to_org, r.acknowledge_by::text as acknowledge_by,
            r.act_by::text as act_by, o.nation
           from referrals r join organisations o on o.id = r.to_org
          where (r.status = 'sent' and r.acknowledge_by < $1::date)
             or (r.status = 'acknowledged' and r.act_by < $1::date)
          order by r.id
          for update of r`,
        [today],
      );
      const closed: string[] = [];
      for (const row of rows) {
        const last = noResponseAfter(
          { status: row.status, acknowledgeBy: row.acknowledge_by, actBy: row.act_by },
          { nation: row.nation, closures: settings.closures },
          settings,
        );
        if (last === null || today <= last) continue;
        const step = transition(row.status, 'expire', 'system');
        if (!step.ok) continue;
        await tx.query('update referrals set status = $2, updated_at = $3 where id = $1', [
          row.id,
          step.status,
          now.toISOString(),
        ]);
        await tx.query(
          `insert into referral_events
             (id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data)
           values ($1, $2, 'expired', $3, null, $4, null, $5, $6::text::jsonb)`,
          [
            newId(),
            row.id,
            now.toISOString(),
            SYSTEM_ACTOR_NAME,
            network.name,
            json({ waitingFor: row.status === 'sent' ? 'acknowledge' : 'act', lastDay: last }),
          ],
        );
        await tx.change('referral', row.id, [row.from_org, row.to_org]);
        await queueEmail(tx, 'outcome', row.id, now);
        closed.push(row.id);
      }
      return closed;
    },
    now,
  );

/**
 * Ends every session past the network's idle or absolute lifetime (#12) and
 * announces each, so its open event stream (at any instance) is told and
 * closed and its desk signs out as it does for a disabled account. Returns
 * how many ended.
 */
export const endExpiredSessions = async (db: Db, now: Date): Promise<number> => {
  const ended = await expireSessions(db, now);
  for (const tokenHash of ended) await sessionBusFor(db).ended({ tokenHash });
  return ended.length;
};

export type Jobs = { stop(): Promise<void> };

/**
 * Runs the server's periodic jobs every `everyMs`. Each run is independent
 * and safe to overlap with other instances' runs; a failed run is retried at
 * the next tick rather than crashing the server.
 */
export const startJobs = (
  db: Db,
  options: {
    everyMs: number;
    now: () => Date;
    /** Sends the queued emails and the daily digest; none without SMTP settings. */
    mailer?: Mailer | null;
    onError?: (error: unknown) => void;
  },
): Jobs => {
  let running: Promise<unknown> = Promise.resolve();
  const run = async (): Promise<void> => {
    const now = options.now();
    await expireUnanswered(db, now);
    // Brake counts whose window and lock are over (sign-in, codes, public forms).
    await evictBrakes(db, now);
    await endExpiredSessions(db, now);
    if (options.mailer) {
      await deliverEmails(db, options.mailer);
      await sendDigests(db, options.mailer, now);
    }
  };
  const tick = (): void => {
    running = run().catch((error: unknown) => {
      options.onError?.(error);
    });
  };
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
