import type { DeskEvent, Handlers } from '#src/contract.ts';
import { err } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import { sendReferrals } from '#main/casework/referrals.ts';
import type { Database } from '#main/store/open.ts';

export type ReferralSession = { db: Database; me: Me };

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
}: Deps): Pick<Handlers, 'referrals.sendMany'> => ({
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
});
