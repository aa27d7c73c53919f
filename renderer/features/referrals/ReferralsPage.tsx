import { useCallback } from 'react';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { Deadline, StatusTag } from '#renderer/features/referrals/status.tsx';
import { OverdueList } from '#renderer/features/referrals/OverdueList.tsx';
import { useSession } from '#renderer/app/session.ts';
import { holderText } from '#renderer/features/referrals/Inbox.tsx';
import { AgencyContact } from '#renderer/features/referrals/AgencyContact.tsx';
import { sentOnWords } from '#renderer/features/referrals/SentOn.tsx';

export const ReferralsPage = ({ direction }: { direction: 'incoming' | 'outgoing' }) => {
  const issueLabel = useIssueLabel();
  const load = useCallback(() => call('referrals.list', { direction }), [direction]);
  const [referrals] = useDeskQuery(load, ['referrals']);

  const incoming = direction === 'incoming';
  const session = useSession((s) => s.session);
  const lead = session?.state === 'ready' && session.me.user.role === 'lead';
  const myId = session?.state === 'ready' ? session.me.user.id : null;
  return (
    <>
      <PageHeading>{incoming ? 'Referrals to your agency' : 'Referrals you have sent'}</PageHeading>
      {incoming && lead && <OverdueList />}
      {referrals === null ? null : referrals.length === 0 ? (
        <p>
          {incoming ? 'No referrals have come in yet.' : 'You have not sent any referrals yet.'}
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">
            {incoming ? 'Incoming referrals' : 'Outgoing referrals'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">{incoming ? 'From' : 'To'}</th>
              <th scope="col">About</th>
              <th scope="col">Sent</th>
              <th scope="col">Status</th>
              <th scope="col">Next deadline</th>
              {incoming && <th scope="col">Handled by</th>}
            </tr>
          </thead>
          <tbody>
            {referrals.map((r) => (
              <tr key={r.referral.id}>
                <td>
                  <a href={href({ name: 'referral', id: r.referral.id })}>
                    {r.referral.payload.client.name}
                  </a>
                  {r.referral.urgent && <span className="tag tag-urgent">Urgent</span>}
                </td>
                <td>
                  {incoming
                    ? r.referral.from.organisationName
                    : `${r.referral.to.serviceName}, ${r.referral.to.organisationName}`}
                </td>
                <td>{r.referral.issues.map(issueLabel).join(', ')}</td>
                <td>{formatTime(r.referral.sentAt)}</td>
                <td>
                  <StatusTag referral={r} />
                  {!incoming && sentOnWords(r) !== null && (
                    <span className="hint"> {sentOnWords(r)}</span>
                  )}
                </td>
                <td>
                  <Deadline referral={r} none="None due" />
                </td>
                {incoming && <td>{holderText(r, myId)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {incoming && lead && <AgencyContact />}
    </>
  );
};
