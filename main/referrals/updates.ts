import type { ReferralUpdate } from '#src/contract.ts';
import type { Database } from '#main/store/open.ts';
import { listReferrals } from '#main/store/referrals.ts';

// Kept in the store's key-value table under a key of its own.
const SEEN_KEY = 'updates-seen-at';
const seenAt = (db: Database): string =>
  db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(SEEN_KEY)
    ?.value ?? '';
const LIMIT = 100;

/**
 * What others did to this desk's referrals, newest first: the other agency's
 * steps and notes, and the network's own (a referral closed for no
 * response). What this agency did itself is left out: its people know;
 * except a referral a colleague gave to this user, which they need to hear of.
 */
export const referralUpdates = (
  db: Database,
  ownOrganisationId: string | null,
  /** A colleague giving this user a referral is news to them (#3). */
  ownUserId: string | null = null,
): ReferralUpdate[] => {
  const seen = seenAt(db);
  const updates: ReferralUpdate[] = [];
  for (const direction of ['incoming', 'outgoing'] as const) {
    for (const desk of listReferrals(db, direction)) {
      const { referral } = desk;
      for (const event of referral.events) {
        const toYou =
          event.type === 'assigned' &&
          ownUserId !== null &&
          event.data.userId === ownUserId &&
          event.actor.userId !== ownUserId;
        if (
          !toYou &&
          event.actor.organisationId !== null &&
          event.actor.organisationId === ownOrganisationId
        )
          continue;
        updates.push({
          eventId: event.id,
          referralId: referral.id,
          clientName: referral.payload.client.name,
          direction,
          type: event.type,
          actorName: event.actor.name,
          actorOrganisation: event.actor.organisationName,
          at: event.at,
          unseen: event.at > seen,
          ...(toYou && { toYou }),
        });
      }
    }
  }
  // ISO instants in UTC sort as text.
  return updates.sort((a, b) => b.at.localeCompare(a.at)).slice(0, LIMIT);
};

export const markUpdatesSeen = (db: Database, now: Date): void => {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(SEEN_KEY, now.toISOString());
};
