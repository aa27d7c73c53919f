import { useCallback } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate, formatTime } from '#renderer/components/format.ts';
import { CONTACT_LABEL } from '#renderer/features/clients/ClientNew.tsx';
import { Deadline, StatusTag } from '#renderer/features/referrals/status.tsx';

export const ClientPage = ({ id }: { id: string }) => {
  const load = useCallback(async () => {
    const [found, outgoing] = await Promise.all([
      call('clients.get', { id }),
      call('referrals.list', { direction: 'outgoing' }),
    ]);
    return { found, referrals: outgoing.filter((r) => r.clientId === id) };
  }, [id]);
  const [data] = useDeskQuery(load, ['referrals', 'clients']);

  if (data === null) return <p>Loading…</p>;
  if (!data.found.ok) return <Problem message={reasonText(data.found.reason)} />;
  const client = data.found.value;
  const { referrals } = data;

  const rows: [string, string | null][] = [
    ['Date of birth', client.dateOfBirth ? formatDate(client.dateOfBirth) : null],
    ['Phone', client.phone],
    ['Email', client.email],
    ['Address', client.address],
    ['Postcode', client.postcode],
    [
      'Best way to contact',
      client.preferredContact ? CONTACT_LABEL[client.preferredContact] : null,
    ],
  ];

  return (
    <>
      <div className="page-head">
        <PageHeading>{client.name}</PageHeading>
        <a className="button primary" href={href({ name: 'refer', clientId: client.id })}>
          Refer to a service
        </a>
      </div>
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? 'Not recorded'}</dd>
          </div>
        ))}
      </dl>
      <h2>Referrals</h2>
      {referrals.length === 0 ? (
        <p>No referrals for {client.name} yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Referrals for {client.name}</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Sent</th>
              <th scope="col">Status</th>
              <th scope="col">Next deadline</th>
            </tr>
          </thead>
          <tbody>
            {referrals.map((r) => (
              <tr key={r.referral.id}>
                <td>
                  <a href={href({ name: 'referral', id: r.referral.id })}>
                    {r.referral.to.serviceName}, {r.referral.to.organisationName}
                  </a>
                </td>
                <td>{formatTime(r.referral.sentAt)}</td>
                <td>
                  <StatusTag referral={r} />
                </td>
                <td>
                  <Deadline referral={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
