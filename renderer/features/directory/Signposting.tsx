import { useCallback, useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import type { Service } from '#src/wire/directory.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href, useRouter } from '#renderer/app/router.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';
import { ServiceSearch } from '#renderer/features/directory/ServiceSearch.tsx';
import { recordsForAgency, useMe } from '#renderer/features/directory/role.ts';
import { useIssueCategories } from '#renderer/features/directory/issues.ts';

/**
 * Signposting (#4), a "logged referral": the client was told about a
 * service and nothing was sent. Recorded so the network's figures show it
 * beside referrals; the network never learns who the client was.
 */

/** On the client's page: what they were told about, and a way to record more. */
export const SignpostSection = ({
  clientId,
  clientName,
}: {
  clientId: string;
  clientName: string;
}) => {
  const load = useCallback(() => call('provision.signposts', { clientId }), [clientId]);
  const [signposts] = useDeskQuery(load, ['clients', 'sync']);
  return (
    <section aria-labelledby="signposting">
      <h2 id="signposting">Told about (signposting)</h2>
      {signposts !== null && signposts.length === 0 && (
        <p className="hint">No services recorded yet.</p>
      )}
      {signposts !== null && signposts.length > 0 && (
        <ul>
          {signposts.map((s) => (
            <li key={s.id}>
              <a href={href({ name: 'service', id: s.serviceId })}>{s.serviceName}</a>,{' '}
              {s.organisationName} <span className="hint">({formatTime(s.recordedAt)})</span>
              {s.waitingToSend && <span className="hint"> waiting to send</span>}
              {s.refused !== null && (
                <span className="error-message"> Not recorded: {reasonText(s.refused)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={href({ name: 'directory-page', page: 'signpost', id: clientId })}>
          Record that you told {clientName} about a service
        </a>
      </p>
    </section>
  );
};

/** Choose the service the client was told about. */
export const SignpostPage = ({ clientId }: { clientId: string }) => {
  const go = useRouter((s) => s.go);
  const load = useCallback(() => call('clients.get', { id: clientId }), [clientId]);
  const [client] = useDeskQuery(load, ['clients']);
  const [issue, setIssue] = useState<IssueCode | ''>('');
  const [problem, setProblem] = useState<string | null>(null);
  const categories = useIssueCategories();
  if (client === null) return <p className="loading">Loading…</p>;
  if (!client.ok) return <Problem message={reasonText(client.reason)} />;
  const choose = async (service: Service) => {
    setProblem(null);
    const result = await call('provision.recordSignpost', {
      serviceId: service.id,
      clientId,
      issues: issue === '' ? [] : [issue],
    });
    if (result.ok) go({ name: 'client', id: clientId });
    else setProblem(reasonText(result.reason));
  };
  return (
    <>
      <PageHeading>Record a signposting for {client.value.name}</PageHeading>
      <p>
        Choose the service you told {client.value.name} about. Nothing is sent to the service: this
        only counts that the client was pointed to it. To hand the client over properly, make a
        referral instead.
      </p>
      <Problem message={problem} />
      <div className="field">
        <label htmlFor="signpost-issue">What the client needed help with</label>
        <select
          id="signpost-issue"
          value={issue}
          onChange={(e) => setIssue(e.target.value as IssueCode | '')}
        >
          <option value="">Not recorded</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <ServiceSearch
        onChoose={(s) => void choose(s)}
        chooseLabel="Told the client about this"
        clientId={clientId}
        chooseAny
      />
    </>
  );
};

/** On a service's page: record that a client (not named) was told about it. */
export const SignpostButton = ({ service }: { service: Service }) => {
  const me = useMe();
  const [done, setDone] = useState<string | null>(null);
  if (!recordsForAgency(me) || me?.organisation?.id === service.organization_id) return null;
  const record = async () => {
    const result = await call('provision.recordSignpost', {
      serviceId: service.id,
      clientId: null,
      issues: [],
    });
    setDone(
      result.ok
        ? 'Recorded: you told a client about this service. Nothing was sent to the service.'
        : reasonText(result.reason),
    );
  };
  return (
    <section aria-labelledby="signpost-here">
      <h2 id="signpost-here">Told a client about this service?</h2>
      <p className="hint">
        Record it, so the network’s figures count signposting beside referrals. No client details
        are recorded. From a client’s page, you can record it against that client.
      </p>
      <button type="button" onClick={() => void record()}>
        Record a signposting
      </button>
      <p role="status">{done ?? ''}</p>
    </section>
  );
};
