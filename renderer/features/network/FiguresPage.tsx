import { REFERRAL_STATUSES, STATUS_LABEL } from '#src/referral/lifecycle.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { ProvisionFigures } from '#renderer/features/directory/ProvisionFigures.tsx';

const loadFigures = () => call('network.figures', {});

/** The network's referrals counted by where they stand: counts only, never a client. */
export const FiguresPage = () => {
  const [found] = useDeskQuery(loadFigures, ['referrals', 'session']);
  return (
    <>
      <PageHeading>Network figures</PageHeading>
      {found === null ? (
        <p className="loading">Loading…</p>
      ) : !found.ok ? (
        <Problem message={reasonText(found.reason)} />
      ) : (
        <>
          <p>
            <strong>{found.value.total}</strong>{' '}
            {found.value.total === 1 ? 'referral has' : 'referrals have'} been made between the
            network’s agencies.
          </p>
          <table>
            <caption>Referrals by where they stand</caption>
            <thead>
              <tr>
                <th scope="col">Where it stands</th>
                <th scope="col">Referrals</th>
              </tr>
            </thead>
            <tbody>
              {REFERRAL_STATUSES.map((status) => (
                <tr key={status}>
                  <th scope="row">{STATUS_LABEL[status]}</th>
                  <td>{found.value.sent[status] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ProvisionFigures figures={found.value} />
        </>
      )}
    </>
  );
};
