import type { DeskEvent, DeskReferral, Handlers } from '#src/contract.ts';
import { newId } from '#src/ids.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { isFinal } from '#src/referral/lifecycle.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import type { Command } from '#src/wire/commands.ts';
import { colleaguesResponseSchema, type Colleague } from '#src/wire/inbox.ts';
import { actOnReferral } from '#main/casework/referrals.ts';
import type { ReferralSession } from '#main/referrals/handlers.ts';
import { clientMatches, startCaseFromReferral } from '#main/referrals/start-case.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue } from '#main/store/outbox.ts';
import { clearRefusal, getReferral } from '#main/store/referrals.ts';
import { failureFor } from '#main/sync/server-api.ts';

const REQUEST_TIMEOUT_MS = 10_000;

type Deps = {
  session: () => ReferralSession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows the server's view. */
  settle: () => Promise<void>;
  now?: () => Date;
};

/** The agency's colleagues a referral can be given to, asked of the server. */
const fetchColleagues = async (
  serverUrl: string,
  token: string,
): Promise<Result<Colleague[], Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(`${serverUrl}${API}/colleagues`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return err('server-unreachable');
  }
  if (!res.ok) return err(await failureFor(res));
  const parsed = colleaguesResponseSchema.safeParse(await res.json().catch(() => null));
  return parsed.success ? ok(parsed.data.colleagues) : err('not-a-server');
};

/**
 * Claiming and assigning write only an outbox command: who holds a referral
 * is the server's to decide (two colleagues may claim at once), and its
 * answer arrives with the referral's next view.
 */
const queueHold = (
  db: Database,
  id: string,
  command: Command,
  now: Date,
): Result<DeskReferral, Reason> => {
  const desk = getReferral(db, id);
  if (desk === null) return err('referral-not-found');
  if (desk.direction !== 'incoming') return err('wrong-side');
  if (isFinal(desk.referral.status)) return err('not-allowed-now');
  db.transaction(() => {
    clearRefusal(db, id);
    enqueue(db, command, now);
  })();
  return ok(desk);
};

/** The receiving agency's inbox (#3): claim, assign, and accept into a case. */
export const inboxHandlers = ({
  session: current,
  emit,
  settle,
  now = () => new Date(),
}: Deps): Pick<
  Handlers,
  | 'referrals.claim'
  | 'referrals.assign'
  | 'referrals.colleagues'
  | 'referrals.clientMatches'
  | 'referrals.accept'
  | 'referrals.startCase'
> => {
  const afterSettling = async (
    session: ReferralSession,
    id: string,
  ): Promise<Result<DeskReferral, Reason>> => {
    emit({ topics: ['referrals', 'sync'] });
    await settle();
    const latest = getReferral(session.db, id);
    return latest === null ? err('referral-not-found') : ok(latest);
  };

  const startCase = (
    session: ReferralSession,
    id: string,
    linkClientId: string | null,
  ): Result<DeskReferral, Reason> => {
    const started = startCaseFromReferral(session.db, session.me, id, linkClientId, now());
    if (!started.ok) return started;
    emit({ topics: ['referrals', 'clients'] });
    const latest = getReferral(session.db, id);
    return latest === null ? err('referral-not-found') : ok(latest);
  };

  return {
    'referrals.claim': async ({ id }) => {
      const session = current();
      if (session === null) return err('not-signed-in');
      if (!can(session.me.user.role, 'referral.claim')) return err('not-allowed');
      const command: Command = { type: 'referral.claim', mutationId: newId(), referralId: id };
      const queued = queueHold(session.db, id, command, now());
      return queued.ok ? afterSettling(session, id) : queued;
    },
    'referrals.assign': async ({ id, userId }) => {
      const session = current();
      if (session === null) return err('not-signed-in');
      if (!can(session.me.user.role, 'referral.assign')) return err('not-allowed');
      const command: Command = {
        type: 'referral.assign',
        mutationId: newId(),
        referralId: id,
        userId,
      };
      const queued = queueHold(session.db, id, command, now());
      return queued.ok ? afterSettling(session, id) : queued;
    },
    'referrals.colleagues': async () => {
      const session = current();
      if (session === null) return err('not-signed-in');
      if (!can(session.me.user.role, 'referral.assign')) return err('not-allowed');
      return fetchColleagues(session.serverUrl, session.token);
    },
    'referrals.clientMatches': ({ id }) => {
      const session = current();
      return Promise.resolve(
        session === null ? err('not-signed-in') : clientMatches(session.db, id),
      );
    },
    'referrals.accept': async ({ id, linkClientId }) => {
      const session = current();
      if (session === null) return err('not-signed-in');
      const acted = actOnReferral(session.db, { id, input: { action: 'accept' } }, now());
      if (!acted.ok) return acted;
      const after = await afterSettling(session, id);
      // Refused (a colleague accepted first, or the referrer withdrew): no client is made.
      if (!after.ok || after.value.refused !== null) return after;
      // Accepted, or waiting to send while offline: the adviser can start work now.
      return startCase(session, id, linkClientId);
    },
    'referrals.startCase': ({ id, linkClientId }) => {
      const session = current();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const desk = getReferral(session.db, id);
      if (desk === null) return Promise.resolve(err('referral-not-found'));
      // Only a referral this agency has taken on becomes a case.
      if (!['accepted', 'in-progress', 'completed'].includes(desk.referral.status)) {
        return Promise.resolve(err('not-allowed-now'));
      }
      return Promise.resolve(startCase(session, id, linkClientId));
    },
  };
};
