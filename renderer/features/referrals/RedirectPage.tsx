import { useCallback } from 'react';
import { reasonText } from '#src/reasons.ts';
import { REDIRECTABLE_STATUSES } from '#src/referral/lifecycle.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Problem } from '#renderer/components/forms.tsx';
import { ReferPage } from '#renderer/features/referrals/ReferPage.tsx';

/** Sends the client of a declined referral on to another service, prefilled from it. */
export const RedirectPage = ({ id }: { id: string }) => {
  const load = useCallback(() => call('referrals.get', { id }), [id]);
  const [found] = useDeskQuery(load, []);
  if (found === null) return <p>Loading…</p>;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  const { clientId, direction, referral } = found.value;
  if (clientId === null || direction !== 'outgoing' || !REDIRECTABLE_STATUSES.has(referral.status))
    return <Problem message={reasonText('not-allowed-now')} />;
  return <ReferPage clientId={clientId} from={found.value} />;
};
