import { useEffect, useRef } from 'react';
import type { ReferralUpdate } from '#src/contract.ts';

/**
 * Desktop notifications for what needs someone's attention: a new referral
 * for the agency, and an outcome on one it sent. In the Electron app the
 * shell already announces new referrals, so here only outcomes; in web mode
 * the browser's Notification, where the user allowed it. The words name the
 * agency, never the client: a notification can be read over a shoulder.
 */
const inElectron = (): boolean => (window as { handover?: unknown }).handover !== undefined;

const OUTCOME: Partial<Record<ReferralUpdate['type'], string>> = {
  declined: 'declined',
  closed: 'completed',
  'unable-to-contact': 'could not contact the client',
  expired: 'no response in time',
};

const titleFor = (u: ReferralUpdate): string | null => {
  if (u.type === 'sent' && u.direction === 'incoming' && !inElectron())
    return `New referral from ${u.actorOrganisation}`;
  if (u.toYou === true) return `${u.actorName} gave you a referral to handle`;
  const outcome = OUTCOME[u.type];
  return outcome !== undefined && u.direction === 'outgoing'
    ? `Referral to ${u.actorOrganisation}: ${outcome}`
    : null;
};

export const canNotify = (): boolean => typeof Notification !== 'undefined';

/** Notifies once for each update that arrives while the app is open. */
export const useUpdateNotifications = (updates: ReferralUpdate[] | null): void => {
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (updates === null) return;
    if (known.current === null) {
      // What was there when the app opened is not news.
      known.current = new Set(updates.map((u) => u.eventId));
      return;
    }
    for (const u of updates) {
      if (known.current.has(u.eventId)) continue;
      known.current.add(u.eventId);
      const title = titleFor(u);
      if (title === null || !u.unseen || !canNotify() || Notification.permission !== 'granted')
        continue;
      new Notification(title, { body: 'Open Handover to see it.', tag: u.eventId });
    }
  }, [updates]);
};
