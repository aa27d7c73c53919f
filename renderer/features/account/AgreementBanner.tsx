import { useCallback } from 'react';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href, useRouter } from '#renderer/app/router.ts';
import { useSession } from '#renderer/app/session.ts';

/**
 * At first sign-in, and until they do: asks the user to read and accept the
 * user agreement. Referrals wait for it (the server refuses them).
 */
export const AgreementBanner = () => {
  const route = useRouter((s) => s.route);
  // A coordinator has no agency and makes no referrals: what waits for them is the network's work.
  const coordinator = useSession(
    (s) => s.session?.state === 'ready' && s.session.me.user.role === 'coordinator',
  );
  // The shell remounts this on every route change, so accepting on the Account page clears it.
  const load = useCallback(() => call('account.agreements', {}), []);
  const [status] = useDeskQuery(load, ['session']);
  if (status === null || !status.ok || status.value.user.acceptedAt !== null) return null;
  if (route.name === 'account') return null;
  return (
    <div className="notice" role="region" aria-label="User agreement">
      <p>
        <strong>Please read and accept the user agreement.</strong>{' '}
        {coordinator
          ? 'It covers everyone who uses Handover, coordinators too.'
          : 'You can make and receive referrals once you have.'}{' '}
        <a href={href({ name: 'account' })}>Read the agreement</a>
      </p>
    </div>
  );
};
