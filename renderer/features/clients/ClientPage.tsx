import { useCallback } from 'react';
import { vulnerabilityLabel } from '#src/casework/schemas.ts';
import { reasonText } from '#src/reasons.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { CONTACT_LABEL } from '#renderer/features/clients/ClientForm.tsx';
import { Timeline } from '#renderer/features/casework/Timeline.tsx';
import { DataProtection } from '#renderer/features/casework/DataProtection.tsx';
import { SignpostSection } from '#renderer/features/directory/Signposting.tsx';

export const ClientPage = ({ id }: { id: string }) => {
  const issueLabel = useIssueLabel();
  const load = useCallback(async () => {
    const [found, cases, timeline] = await Promise.all([
      call('clients.get', { id }),
      call('cases.forClient', { clientId: id }),
      call('clients.timeline', { id }),
    ]);
    return { found, cases, timeline };
  }, [id]);
  const [data] = useDeskQuery(load, ['referrals', 'clients']);

  if (data === null) return <p>Loading…</p>;
  if (!data.found.ok) return <Problem message={reasonText(data.found.reason)} />;
  const client = data.found.value;
  const { cases, timeline } = data;

  const rows: [string, string | null][] = [
    ['Other names', client.otherNames],
    ['Date of birth', client.dateOfBirth ? formatDate(client.dateOfBirth) : null],
    ['Phone', client.phone],
    ['Email', client.email],
    ['Address', client.address],
    ['Postcode', client.postcode],
    [
      'Best way to contact',
      client.preferredContact ? CONTACT_LABEL[client.preferredContact] : null,
    ],
    ['Before contacting them', client.contactNotes],
    ['Household', client.household],
    [
      'Language',
      client.language === null
        ? client.interpreterNeeded
          ? 'Needs an interpreter'
          : null
        : `${client.language}${client.interpreterNeeded ? ' (needs an interpreter)' : ''}`,
    ],
    ['Accessibility needs', client.accessibilityNeeds],
  ];

  return (
    <>
      <div className="page-head">
        <PageHeading>{client.name}</PageHeading>
        <a className="button" href={href({ name: 'client-edit', id: client.id })}>
          Change details
        </a>
        <a className="button primary" href={href({ name: 'refer', clientId: client.id })}>
          Refer to a service
        </a>
      </div>
      {client.vulnerabilities.length > 0 && (
        <div className="aware" role="note">
          <h2>Be aware</h2>
          <ul>
            {client.vulnerabilities.map((v) => (
              <li key={v}>{vulnerabilityLabel(v)}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? 'Not recorded'}</dd>
          </div>
        ))}
      </dl>

      <div className="page-head">
        <h2>Cases</h2>
        <a className="button" href={href({ name: 'case-new', clientId: client.id })}>
          Open a case
        </a>
      </div>
      {cases.length === 0 ? (
        <p>No cases for {client.name} yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Cases for {client.name}</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">About</th>
              <th scope="col">Adviser</th>
              <th scope="col">Opened</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={href({ name: 'case', id: c.id })}>{c.reference}</a>
                </td>
                <td>{c.issues.map(issueLabel).join(', ')}</td>
                <td>{c.adviser}</td>
                <td>{formatDate(c.openedOn)}</td>
                <td>
                  {c.status === 'open'
                    ? 'Open'
                    : `Closed ${c.closedOn === null ? '' : formatDate(c.closedOn)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <SignpostSection clientId={client.id} clientName={client.name} />
      <h2>Timeline</h2>
      <p className="hint">Notes, tasks, documents, outcomes and referrals, newest first.</p>
      <Timeline entries={timeline} />
      <DataProtection client={client} />
    </>
  );
};
