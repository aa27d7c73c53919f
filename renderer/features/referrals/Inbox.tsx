import { useState } from 'react';
import type { Client, DeskReferral } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { allowedActions, isFinal } from '#src/referral/lifecycle.ts';
import { currentHolder } from '#src/referral/holder.ts';
import { can } from '#src/roles.ts';
import type { Colleague } from '#src/wire/inbox.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useSession } from '#renderer/app/session.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';
import { formatDate, formatTime } from '#renderer/components/format.ts';

/**
 * The receiving agency's inbox on a referral's page (#3): who is handling it,
 * take it or give it to a colleague, and accept it into a case on this desk
 * (or link it to the client already here), so nothing is typed twice.
 */

/** "Handled by …" in words, for the inbox list and the referral page. */
export const holderText = (desk: DeskReferral, myId: string | null): string => {
  const holder = currentHolder(desk.referral.events);
  if (holder === null) return 'Not taken yet';
  const who = holder.userId === myId ? 'You' : holder.name;
  return holder.assignedBy === null ? who : `${who} (given by ${holder.assignedBy})`;
};

const useMe = () => {
  const session = useSession((s) => s.session);
  return session?.state === 'ready' ? session.me.user : null;
};

const HoldControls = ({ desk }: { desk: DeskReferral }) => {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [chosen, setChosen] = useState('');
  const id = desk.referral.id;
  const holder = currentHolder(desk.referral.events);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const claim = () =>
    run(async () => {
      const result = await call('referrals.claim', { id });
      if (!result.ok) setProblem(reasonText(result.reason));
    });
  const openAssign = () =>
    run(async () => {
      const result = await call('referrals.colleagues', {});
      if (result.ok) setColleagues(result.value.filter((c) => c.id !== holder?.userId));
      else setProblem(reasonText(result.reason));
    });
  const assign = () =>
    run(async () => {
      if (chosen === '') {
        setProblem('Choose who to give the referral to.');
        return;
      }
      const result = await call('referrals.assign', { id, userId: chosen });
      if (result.ok) setColleagues(null);
      else setProblem(reasonText(result.reason));
    });

  if (me === null || isFinal(desk.referral.status) || desk.waitingToSend) return null;
  // Taking it from a colleague who holds it is giving it to yourself, on purpose.
  const mayClaim = can(me.role, 'referral.claim') && holder === null;
  const mayAssign = can(me.role, 'referral.assign');
  return (
    <>
      <Problem message={problem} />
      <div className="actions">
        {mayClaim && (
          <button type="button" disabled={busy} onClick={() => void claim()}>
            Take this referral
          </button>
        )}
        {mayAssign && colleagues === null && (
          <button type="button" disabled={busy} onClick={() => void openAssign()}>
            Give to a colleague
          </button>
        )}
      </div>
      {colleagues !== null && (
        <form
          className="step-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void assign();
          }}
        >
          <Field
            label="Colleague"
            hint="They see it as theirs on their desk. Both agencies see who is handling it."
          >
            {(props) => (
              <select
                {...props}
                value={chosen}
                onChange={(e) => {
                  setChosen(e.target.value);
                }}
              >
                <option value="">Choose a colleague</option>
                {colleagues.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.role === 'lead' ? ' (lead)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Give the referral
            </button>
            <button
              type="button"
              onClick={() => {
                setColleagues(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
};

const matchWords = (c: Client): string =>
  [
    c.name,
    c.dateOfBirth ? `born ${formatDate(c.dateOfBirth)}` : null,
    c.postcode,
    `on your desk since ${formatTime(c.createdAt)}`,
  ]
    .filter((w): w is string => w !== null)
    .join(', ');

/**
 * Accept (or, for a referral accepted before, start its case): first looks
 * for the client on this desk; where someone matches, the adviser chooses to
 * link or to add a new client.
 */
const AcceptControls = ({ desk, mode }: { desk: DeskReferral; mode: 'accept' | 'start' }) => {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [matches, setMatches] = useState<Client[] | null>(null);
  const [choice, setChoice] = useState<string>('new');
  const id = desk.referral.id;
  const label = mode === 'accept' ? 'Accept' : 'Start a case from this referral';

  const finish = async (linkClientId: string | null) => {
    const channel = mode === 'accept' ? 'referrals.accept' : 'referrals.startCase';
    const result = await call(channel, { id, linkClientId });
    if (!result.ok) setProblem(reasonText(result.reason));
    else setMatches(null);
  };
  const begin = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const found = await call('referrals.clientMatches', { id });
      if (!found.ok) setProblem(reasonText(found.reason));
      else if (found.value.length === 0) await finish(null);
      else {
        setChoice(found.value[0]?.id ?? 'new');
        setMatches(found.value);
      }
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await finish(choice === 'new' ? null : choice);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Problem message={problem} />
      {matches === null ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void begin()}>
            {label}
          </button>
        </div>
      ) : (
        <form
          className="step-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <fieldset className="field">
            <legend>Is this someone already on your desk?</legend>
            <p className="hint">
              Linking keeps one record for the client. Their new case is opened either way.
            </p>
            <div className="checkboxes">
              {matches.map((c) => (
                <label key={c.id}>
                  <input
                    type="radio"
                    name="same-client"
                    value={c.id}
                    checked={choice === c.id}
                    onChange={() => {
                      setChoice(c.id);
                    }}
                  />
                  Yes, the same person: {matchWords(c)}
                </label>
              ))}
              <label>
                <input
                  type="radio"
                  name="same-client"
                  value="new"
                  checked={choice === 'new'}
                  onChange={() => {
                    setChoice('new');
                  }}
                />
                No, add them as a new client
              </label>
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {mode === 'accept' ? 'Accept the referral' : 'Start the case'}
            </button>
            <button
              type="button"
              onClick={() => {
                setMatches(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
};

const TAKEN_ON = new Set(['accepted', 'in-progress', 'completed']);

/** Everything the inbox adds to an incoming referral's page. */
export const InboxPanel = ({ desk }: { desk: DeskReferral }) => {
  const me = useMe();
  if (desk.direction !== 'incoming') {
    // The referrer sees who at the other agency is handling it.
    const holder = currentHolder(desk.referral.events);
    return holder === null ? null : (
      <p>
        Handled at {desk.referral.to.organisationName} by {holder.name}.
      </p>
    );
  }
  const { status } = desk.referral;
  const mayAccept = !desk.waitingToSend && allowedActions(status, 'receiver').includes('accept');
  const started = desk.clientId !== null && (desk.caseId ?? null) !== null;
  return (
    <section aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">Who is handling it</h2>
      <p>{holderText(desk, me?.id ?? null)}</p>
      <HoldControls desk={desk} />
      {mayAccept && <AcceptControls desk={desk} mode="accept" />}
      {started && desk.clientId !== null && desk.caseId && (
        <p className="notice">
          A case was started on your desk from this referral:{' '}
          <a href={href({ name: 'case', id: desk.caseId })}>open the case</a> or{' '}
          <a href={href({ name: 'client', id: desk.clientId })}>see the client</a>.
        </p>
      )}
      {/* Once a case was started (even if its client was later erased), never again. */}
      {!started &&
        (desk.caseId ?? null) === null &&
        TAKEN_ON.has(status) &&
        !desk.waitingToSend && <AcceptControls desk={desk} mode="start" />}
    </section>
  );
};
