import type { Reason } from '#src/reasons.ts';
import type { Service } from '#src/wire/directory.ts';

/** One service as the desk shows it: the record, what it means today, and what the user may do. */
export type ServiceView = {
  service: Service;
  /** Taking referrals today (a pause ends by itself on its return date). */
  receivingNow: boolean;
  /** The signed-in user may change whether it takes referrals (its lead). */
  canEdit: boolean;
  /** A change made on this desk is still waiting to reach the server. */
  waitingToSend: boolean;
  /** The server refused the last change made here, and why. */
  refused: Reason | null;
  /** When it is not taking referrals: services that can take them instead. */
  alternatives: Service[];
  /** Not reviewed for the network's review period (#4): flagged to whoever may edit it. */
  reviewDue: boolean;
};
