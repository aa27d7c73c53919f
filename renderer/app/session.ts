import { create } from 'zustand';
import type { SessionState, SyncStatus } from '#src/contract.ts';
import { call } from '#renderer/bridge.ts';

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

export const useSession = create<SessionStore>()((set) => ({
  session: null,
  sync: { online: false, waiting: 0, setAside: 0, lastSyncedAt: null },
  inboxCount: 0,
  refresh: async () => {
    set({ session: await call('session.status', {}) });
  },
  refreshSync: async () => {
    const [sync, incoming] = await Promise.all([
      call('sync.status', {}),
      call('referrals.list', { direction: 'incoming' }),
    ]);
    set({ sync, inboxCount: incoming.filter((r) => r.referral.status === 'sent').length });
  },
  set: (session) => {
    set({ session });
  },
}));
