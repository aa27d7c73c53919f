import { useEffect, useState } from 'react';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { updateSentence } from '#src/referral/update-words.ts';
import { canNotify, useUpdateNotifications } from '#renderer/features/referrals/notify.ts';

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
          {updates.map((u) => {
            const sentence = updateSentence(u);
            return (
              <li key={u.eventId}>
                {u.unseen && <span className="tag tag-sent">New</span>} {sentence.before}
                <a href={href({ name: 'referral', id: u.referralId })}>{sentence.client}</a>
                {sentence.after}, <time dateTime={u.at}>{formatTime(u.at)}</time>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
};
