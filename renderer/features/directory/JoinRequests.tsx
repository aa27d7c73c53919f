import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import type { JoinApproved, JoinRequest } from '#src/wire/join.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';

const NATION_WORDS = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
} as const;

const loadRequests = () => call('network.joinRequests', {});

const Decide = ({
  request,
  onDecided,
}: {
  request: JoinRequest;
  onDecided: (words: string, approved: JoinApproved | null) => void;
}) => {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const approve = async () => {
    setBusy(true);
    const result = await call('network.decideJoin', { id: request.id, decision: 'approve' });
    setBusy(false);
    if (!result.ok) setProblem(reasonText(result.reason));
    else onDecided(`${request.organisationName} has joined the network.`, result.value.approved);
  };
  const decline = async (event: SubmitEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('Say why, for the agency’s contact');
      return;
    }
    setError(undefined);
    const result = await call('network.decideJoin', {
      id: request.id,
      decision: 'decline',
      reason,
    });
    if (!result.ok) setProblem(reasonText(result.reason));
    else onDecided(`You declined ${request.organisationName}’s request.`, null);
  };
  return (
    <>
      <Problem message={problem} />
      <p className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void approve()}
          aria-label={`Approve ${request.organisationName}`}
        >
          Approve
        </button>
        <button
          type="button"
          onClick={() => setDeclining(true)}
          aria-label={`Decline ${request.organisationName}`}
        >
          Decline
        </button>
      </p>
      {declining && (
        <form onSubmit={(e) => void decline(e)} noValidate className="step-form">
          <Field label="Why the request is declined" error={error}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <button type="submit">Decline the request</button>
        </form>
      )}
    </>
  );
};

/**
 * The coordinator's list of agencies asking to join (#4). Approving creates
 * the agency and invites its contact as lead, with a one-time code.
 */
export const JoinRequestsPage = () => {
  const [found, reload] = useDeskQuery(loadRequests, ['session']);
  const [done, setDone] = useState<{ words: string; approved: JoinApproved | null } | null>(null);
  return (
    <>
      <PageHeading>Agencies asking to join</PageHeading>
      <p>
        Agencies ask from the public directory’s “join the network” page. Approving one adds the
        agency and invites its contact to be its lead.
      </p>
      <div role="status">
        {done !== null && (
          <div className="notice">
            <p>{done.words}</p>
            {done.approved !== null && (
              <p>
                {done.approved.emailed
                  ? 'Their invitation has been emailed to them. '
                  : 'Give them this one-time invitation code, which works once: '}
                {!done.approved.emailed && <strong className="code">{done.approved.code}</strong>}
              </p>
            )}
          </div>
        )}
      </div>
      {found === null ? (
        <p className="loading">Loading…</p>
      ) : !found.ok ? (
        <Problem message={reasonText(found.reason)} />
      ) : found.value.length === 0 ? (
        <p>No agency is waiting for an answer.</p>
      ) : (
        <ul className="services">
          {found.value.map((r) => (
            <li key={r.id} className="service">
              <h2>{r.organisationName}</h2>
              <p>{r.about}</p>
              <p className="hint">
                {NATION_WORDS[r.nation]} · asked by {r.contactName} ({r.contactEmail}) on{' '}
                {formatTime(r.requestedAt)}
              </p>
              <Decide
                request={r}
                onDecided={(words, approved) => {
                  setDone({ words, approved });
                  void reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
