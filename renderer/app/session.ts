import { create } from 'zustand';
import type { SessionState, SyncStatus } from '#src/contract.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';

/** Who is signed in, and whether the desk is in step with the network. */
type SessionStore = {
  session: SessionState | null;
  sync: SyncStatus;
  /** Incoming referrals not yet acknowledged: the inbox badge. */
  inboxCount: number;
  refresh: () => Promise<void>;
  refreshSync: () => Promise<void>;
  set: (session: SessionState) => void;
};

/** The person a session state is for (null when signed out). */
const personOf = (session: SessionState): string | null =>
  session.state === 'signed-out'
    ? null
    : (session.state === 'ready' ? session.me.user.email : session.email).toLowerCase();

/**
 * Whose page the window's address is (#12): the last person signed in here.
 * When someone else signs in in the same window they start on their own start
 * page, not on the page the previous person left open (which may be one they
 * are not allowed to see). The same person signing in again comes back to it,
 * and an address opened before anyone signed in (a bookmark) is kept.
 */
let addressOwner: string | null = null;

/** Follows the session's person with the address (see `addressOwner`). */
const followPerson = (session: SessionState): void => {
  const person = personOf(session);
  if (person === null) return;
  if (addressOwner !== null && addressOwner !== person)
    useRouter.getState().go({ name: 'clients' });
  addressOwner = person;
};

export const useSession = create<SessionStore>()((set) => ({
  session: null,
  sync: { online: false, waiting: 0, setAside: 0, lastSyncedAt: null },
  inboxCount: 0,
  refresh: async () => {
    const session = await call('session.status', {});
    followPerson(session);
    set({ session });
  },
  refreshSync: async () => {
    const [sync, incoming] = await Promise.all([
      call('sync.status', {}),
      call('referrals.list', { direction: 'incoming' }),
    ]);
    set({ sync, inboxCount: incoming.filter((r) => r.referral.status === 'sent').length });
  },
  set: (session) => {
    followPerson(session);
    set({ session });
  },
}));
