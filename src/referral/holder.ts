import type { ReferralEvent } from '#src/wire/referral.ts';

/** Who at the receiving agency is handling a referral, and since when. */
export type Holder = {
  userId: string;
  name: string;
  at: string;
  /** Who gave it to them; null when they claimed it themselves. */
  assignedBy: string | null;
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The holder is derived from the events, like the status: the latest claim
 * or assignment wins. Null while nobody at the receiving agency has it.
 */
export const currentHolder = (events: readonly ReferralEvent[]): Holder | null => {
  const last = events.findLast((e) => e.type === 'claimed' || e.type === 'assigned');
  if (last === undefined) return null;
  if (last.type === 'claimed') {
    return last.actor.userId === null
      ? null
      : { userId: last.actor.userId, name: last.actor.name, at: last.at, assignedBy: null };
  }
  const userId = text(last.data.userId);
  const name = text(last.data.name);
  return userId === null || name === null
    ? null
    : { userId, name, at: last.at, assignedBy: last.actor.name };
};
