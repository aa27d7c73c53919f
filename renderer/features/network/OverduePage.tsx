import { reasonText } from '#src/reasons.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';

const WAITING: Record<'acknowledge' | 'act', string> = {
  acknowledge: 'Not acknowledged',
  act: 'Acknowledged, not yet accepted or acted on',
};

const loadOverdue = () => call('referrals.overdue', {});

/**
 * The network's late referrals, for its coordinator to chase the agencies
 * concerned. The server sends routing metadata only (agencies, service,
 * issues, dates): the coordinator never sees who the client is.
 */
export const OverduePage = () => {
  const issueLabel = useIssueLabel();
  const [found] = useDeskQuery(loadOverdue, ['referrals', 'session']);
  return (
    <>
      <PageHeading>Overdue referrals in the network</PageHeading>
      <p>
        Referrals past their deadline and still waiting on the agency they were sent to. No client
        details are shown here.
      </p>
      {found === null ? (
        <p className="loading">Loading…</p>
      ) : !found.ok ? (
        <Problem message={reasonText(found.reason)} />
      ) : found.value.referrals.length === 0 ? (
        <p role="status">None: every referral in the network is within its deadline.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Overdue referrals in the network</caption>
          <thead>
            <tr>
              <th scope="col">Waiting at</th>
              <th scope="col">Service</th>
              <th scope="col">Sent by</th>
              <th scope="col">About</th>
              <th scope="col">Where it is</th>
              <th scope="col">Was due</th>
            </tr>
          </thead>
          <tbody>
            {found.value.referrals.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.to.organisationName}
                  {r.urgent && <span className="tag tag-urgent">Urgent</span>}
                </td>
                <td>{r.to.serviceName}</td>
                <td>{r.from.organisationName}</td>
                <td>{r.issues.map(issueLabel).join(', ')}</td>
                <td>{WAITING[r.waitingFor]}</td>
                <td>
                  <span className="clock clock-overdue">{formatDate(r.dueBy)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
