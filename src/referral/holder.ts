import type { ReferralEvent } from '#src/wire/referral.ts';

/** What the rule reads of an event: the server passes its rows in this shape. */
export type HolderEvent = Pick<ReferralEvent, 'type' | 'at' | 'data'> & {
  actor: Pick<ReferralEvent['actor'], 'userId' | 'name'>;
};

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
 * Events by which a person at the receiving agency takes a referral on
 * without claiming it first. Accepting is the commitment to help the client
 * (lifecycle.ts: the receiver's step after acknowledging), and recording
 * contact or closing it can only follow that; acknowledging only says the
 * referral arrived (anyone at the front desk may), so it takes nothing.
 */
export const TAKING_EVENTS: ReadonlySet<ReferralEvent['type']> = new Set([
  'accepted',
  'contact-recorded',
  'closed',
]);

/** Every event type the rule reads, for the server's query. */
export const HOLDER_EVENT_TYPES: readonly ReferralEvent['type'][] = [
  'claimed',
  'assigned',
  ...TAKING_EVENTS,
];

/**
 * The holder is derived from the events, like the status, by one rule for
 * the server (which decides claims with it) and every desk: the latest claim
 * or assignment wins; without one, the first person who accepted or acted on
 * the referral holds it. Null while nobody at the receiving agency has it.
 */
export const currentHolder = (events: readonly HolderEvent[]): Holder | null => {
  const last = events.findLast((e) => e.type === 'claimed' || e.type === 'assigned');
  if (last === undefined) {
    const taker = events.find((e) => TAKING_EVENTS.has(e.type) && e.actor.userId !== null);
    const userId = taker?.actor.userId ?? null;
    return taker === undefined || userId === null
      ? null
      : { userId, name: taker.actor.name, at: taker.at, assignedBy: null };
  }
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
