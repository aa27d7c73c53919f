import { useCallback } from 'react';
import type { AccountNotice } from '#src/wire/accounts.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { formatTime } from '#renderer/components/format.ts';

/** What a notice about an account says (#12): who did what, when, and where the code went. */
export const noticeWords = (n: AccountNotice): string => {
  const when = formatTime(n.createdAt);
  if (n.kind === 'reset-asked') {
    return n.aboutMe
      ? `${n.actorName} asked for a password reset for your account (${when}). Your agency’s lead will give you the one-time code. Your password works until the code is used.`
      : `${n.actorName} asked for a password reset for ${n.subjectName} (${when}), and the network could not email it. Make the code with “Reset password” beside their name under “Your agency’s accounts”, and give it to them privately.`;
  }
  const went =
    n.delivery === 'emailed'
      ? n.aboutMe
        ? 'The one-time code was emailed to you.'
        : 'The one-time code was emailed to them.'
      : `${n.actorName} was given the one-time code to pass on.`;
  return n.aboutMe
    ? `${n.actorName} made a password reset for your account (${when}). ${went} Your password works until the code is used. If you did not ask for this, tell your agency’s lead or your network coordinator now.`
    : `${n.actorName} made a password reset for ${n.subjectName} (${when}). ${went}`;
};

/**
 * Notices about accounts on every desk (#12): each password reset is told to
 * the person and to their agency's leads; a coordinator's request that the
 * network could not email waits here for the lead. Dismissed one by one.
 */
export const AccountNotices = ({ onAccountPage }: { onAccountPage: boolean }) => {
  const load = useCallback(() => call('account.notices', {}), []);
  const [notices, reload] = useDeskQuery(load, ['session']);
  if (notices === null || !notices.ok || notices.value.length === 0) return null;
  const dismiss = async (id: string) => {
    await call('account.dismissNotice', { id });
    await reload();
  };
  return (
    <section className="notice" aria-label="Account notices">
      <ul className="account-notices">
        {notices.value.map((n) => (
          <li key={n.id}>
            <p>
              {noticeWords(n)}{' '}
              {n.kind === 'reset-asked' && !n.aboutMe && !onAccountPage && (
                <a href={href({ name: 'account' })}>Go to your agency’s accounts</a>
              )}
            </p>
            <button type="button" onClick={() => void dismiss(n.id)}>
              Dismiss <span className="visually-hidden">this notice</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
};
