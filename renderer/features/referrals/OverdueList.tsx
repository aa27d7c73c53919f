import { reasonText } from '#src/reasons.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';

const WAITING: Record<'acknowledge' | 'act', string> = {
  acknowledge: 'Not acknowledged',
  act: 'Acknowledged, not yet accepted or acted on',
};

const loadOverdue = () => call('referrals.overdue', {});

/**
 * For an agency's lead: the referrals the network's server counts as late
 * for the agency, so the lead can see they are picked up. No client details
 * come from the server; the link opens the referral on this desk.
 */
export const OverdueList = () => {
  const issueLabel = useIssueLabel();
  const [found] = useDeskQuery(loadOverdue, ['referrals']);
  if (found === null) return null;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  const late = found.value.referrals;
  return (
    <section aria-labelledby="overdue-heading">
      <h2 id="overdue-heading">Overdue at your agency</h2>
      {late.length === 0 ? (
        <p>None: every referral to your agency is within its deadline.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Overdue referrals to your agency</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Service</th>
              <th scope="col">About</th>
              <th scope="col">Where it is</th>
              <th scope="col">Was due</th>
            </tr>
          </thead>
          <tbody>
            {late.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={href({ name: 'referral', id: r.id })}>{r.from.organisationName}</a>
                  {r.urgent && <span className="tag tag-urgent">Urgent</span>}
                </td>
                <td>{r.to.serviceName}</td>
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
    </section>
  );
};
