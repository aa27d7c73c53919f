import type { DeskEvent, Handlers } from '#src/contract.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import { sendReferrals } from '#main/casework/referrals.ts';
import { fetchOverdue } from '#main/referrals/overdue.ts';
import { markUpdatesSeen, referralUpdates } from '#main/referrals/updates.ts';
import type { Database } from '#main/store/open.ts';

export type ReferralSession = { db: Database; me: Me; serverUrl: string; token: string };

type Deps = {
  session: () => ReferralSession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows the server's view. */
  settle: () => Promise<void>;
  now?: () => Date;
};

/** The referral channels added for the lifecycle (#3); the first ones live in desk.ts. */
export const referralHandlers = ({
  session: current,
  emit,
  settle,
  now = () => new Date(),
}: Deps): Pick<
  Handlers,
  'referrals.sendMany' | 'referrals.updates' | 'referrals.markSeen' | 'referrals.overdue'
> => ({
  'referrals.sendMany': async (request) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    const sent = sendReferrals(session.db, session.me, request, now());
    if (sent.ok) {
      emit({ topics: ['referrals', 'sync'] });
      await settle();
    }
    return sent;
  },
  'referrals.updates': () => {
    const session = current();
    return Promise.resolve(
      session === null
        ? []
        : referralUpdates(session.db, session.me.organisation?.id ?? null, session.me.user.id),
    );
  },
  'referrals.overdue': async () => {
    const session = current();
    if (session === null) return err('not-signed-in');
    return fetchOverdue(session.serverUrl, session.token);
  },
  'referrals.markSeen': () => {
    const session = current();
    if (session === null) return Promise.resolve(err('not-signed-in'));
    markUpdatesSeen(session.db, now());
    emit({ topics: ['referrals'] });
    return Promise.resolve(ok(null));
  },
});
