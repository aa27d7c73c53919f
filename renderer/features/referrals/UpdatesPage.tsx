import { useEffect, useState } from 'react';
import type { ReferralUpdate } from '#src/contract.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { canNotify, useUpdateNotifications } from '#renderer/features/referrals/notify.ts';

const DID: Record<ReferralUpdate['type'], string> = {
  sent: 'sent a referral for',
  acknowledged: 'acknowledged the referral for',
  accepted: 'accepted the referral for',
  declined: 'declined the referral for',
  'unable-to-contact': 'could not contact',
  'contact-recorded': 'made first contact with',
  closed: 'closed with an outcome the referral for',
  withdrawn: 'withdrew the referral for',
  expired: 'closed for no response the referral for',
  note: 'added a note on the referral for',
  claimed: 'is now handling the referral for',
  assigned: 'gave a colleague the referral for',
  'document-attached': 'attached a document to the referral for',
  erased: 'erased, at the client’s request, the details in the referral for',
};

const loadUpdates = () => call('referrals.updates', {});

/** The main menu's link to the updates, with how many are new. */
export const UpdatesNavLink = ({ current }: { current: boolean }) => {
  const [updates] = useDeskQuery(loadUpdates, ['referrals']);
  useUpdateNotifications(updates);
  const unseen = updates?.filter((u) => u.unseen).length ?? 0;
  return (
    <a href={href({ name: 'updates' })} {...(current ? { 'aria-current': 'page' as const } : {})}>
      Updates
      {unseen > 0 && (
        <span className="badge">
          {unseen}
          <span className="visually-hidden"> new</span>
        </span>
      )}
    </a>
  );
};

/** Lets the user allow desktop notifications; browsers only ask after a click. */
const NotificationsChoice = () => {
  const [permission, setPermission] = useState(canNotify() ? Notification.permission : null);
  if (permission === null || permission === 'granted') return null;
  if (permission === 'denied')
    return (
      <p className="hint">
        Desktop notifications are turned off for Handover in this browser’s settings.
      </p>
    );
  return (
    <p>
      <button
        type="button"
        onClick={() => void Notification.requestPermission().then(setPermission)}
      >
        Show a notification on this computer when a referral arrives or gets an outcome
      </button>
    </p>
  );
};

/** What changed on this agency's referrals, newest first; opening it marks all as seen. */
export const UpdatesPage = () => {
  // Loaded once: the "new" marks stay while the page is open, though they are now seen.
  const [updates] = useDeskQuery(loadUpdates, []);
  useEffect(() => {
    if (updates !== null) void call('referrals.markSeen', {});
  }, [updates]);

  return (
    <>
      <PageHeading>What has changed</PageHeading>
      <NotificationsChoice />
      {updates === null ? null : updates.length === 0 ? (
        <p>Nothing yet. When another agency acts on one of your referrals, it shows here.</p>
      ) : (
        <ol className="timeline updates">
          {updates.map((u) => (
            <li key={u.eventId}>
              {u.unseen && <span className="tag tag-sent">New</span>}{' '}
              <strong>
                {u.actorName} ({u.actorOrganisation})
              </strong>{' '}
              {u.toYou === true ? 'gave you the referral for' : DID[u.type]}{' '}
              <a href={href({ name: 'referral', id: u.referralId })}>{u.clientName}</a>,{' '}
              <time dateTime={u.at}>{formatTime(u.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </>
  );
};
