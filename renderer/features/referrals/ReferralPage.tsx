import { useCallback, useState } from 'react';
import { useDraft } from '#renderer/app/drafts.ts';
import type { ReferralActionInput } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import {
  allowedActions,
  DECLINE_REASON_LABEL,
  DECLINE_REASONS,
  mayRedirect,
} from '#src/referral/lifecycle.ts';
import type { DeclineReason } from '#src/referral/lifecycle.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import type { ReferralEvent } from '#src/wire/referral.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate, formatMoment, formatTime } from '#renderer/components/format.ts';
import { firstContact, firstContactText } from '#src/referral/first-contact.ts';
import { Deadline, RefusedNote, StatusTag } from '#renderer/features/referrals/status.tsx';
import {
  DeclineForm,
  FirstContactForm,
  TEXT_STEPS,
  TextStepForm,
} from '#renderer/features/referrals/ActionForms.tsx';
import { explainRefusal, raceExplanation } from '#renderer/features/referrals/race.ts';
import { InboxPanel } from '#renderer/features/referrals/Inbox.tsx';
import { SentOnFromNote, SentOnNote } from '#renderer/features/referrals/SentOn.tsx';
import { ReferralDocuments } from '#renderer/features/referrals/Documents.tsx';
import { EligibilityOverrideNote } from '#renderer/features/directory/Eligibility.tsx';

const EVENT_WORDS: Record<ReferralEvent['type'], string> = {
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  declined: 'Declined',
  'unable-to-contact': 'Could not contact the client',
  'contact-recorded': 'Contacted the client',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  expired: 'Closed: no response in time',
  note: 'Note',
  claimed: 'Taken to handle',
  assigned: 'Given to a colleague',
  'document-attached': 'Document attached',
  erased: 'The client’s details were erased at their request',
};

/** Actions that need no more input; the others come with their own forms. */
const SIMPLE_ACTIONS: { action: 'acknowledge' | 'accept'; label: string }[] = [
  { action: 'acknowledge', label: 'Acknowledge' },
  { action: 'accept', label: 'Accept' },
];

type FormAction = 'record-contact' | 'decline' | 'unable-to-contact' | 'close' | 'withdraw';

/** Actions that open a form under their button, to say why or what happened. */
const FORM_ACTIONS: { action: FormAction; label: string }[] = [
  { action: 'record-contact', label: 'Record first contact with the client' },
  { action: 'close', label: 'Close with an outcome' },
  { action: 'decline', label: 'Decline' },
  { action: 'unable-to-contact', label: 'Could not contact the client' },
  { action: 'withdraw', label: 'Withdraw' },
];

const isDeclineReason = (value: unknown): value is DeclineReason =>
  typeof value === 'string' && (DECLINE_REASONS as readonly string[]).includes(value);

/** The words an event carries: a decline's reason, an outcome, a note. */
const EventDetail = ({ event }: { event: ReferralEvent }) => {
  const { reason, text, outcome } = event.data;
  return (
    <>
      {isDeclineReason(reason) && <p>Reason: {DECLINE_REASON_LABEL[reason]}</p>}
      {typeof outcome === 'string' && outcome !== '' && <p className="prose">Outcome: {outcome}</p>}
      {typeof text === 'string' && text !== '' && <p className="prose">{text}</p>}
    </>
  );
};

export const ReferralPage = ({ id }: { id: string }) => {
  const issueLabel = useIssueLabel();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useDraft<FormAction | null>(`referral/${id}/open`, null);
  const load = useCallback(() => call('referrals.get', { id }), [id]);
  const [found, reload] = useDeskQuery(load, ['referrals']);

  const act = async (input: ReferralActionInput): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await call('referrals.act', { id, input });
      if (!result.ok) {
        // Moved on before the press reached the desk: say who did it, as for a server race.
        const latest = await call('referrals.get', { id });
        setProblem(explainRefusal(result.reason, latest.ok ? latest.value : null));
        await reload();
        return false;
      }
      setOpen(null);
      await reload();
      return true;
    } finally {
      setBusy(false);
    }
  };

  if (found === null) return <p>Loading…</p>;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  const desk = found.value;
  const { referral } = desk;
  const incoming = desk.direction === 'incoming';
  const client = referral.payload.client;
  const side = incoming ? 'receiver' : 'referrer';
  const allowed = desk.waitingToSend ? [] : allowedActions(referral.status, side);
  // Accepting is the inbox's: it starts the client's case on this desk (InboxPanel).
  const actions = SIMPLE_ACTIONS.filter((a) => allowed.includes(a.action) && a.action !== 'accept');
  const forms = FORM_ACTIONS.filter((a) => allowed.includes(a.action));
  const race = raceExplanation(desk);
  const contact = firstContact(referral.events);

  const details: [string, string | null][] = [
    ['Date of birth', client.dateOfBirth ? formatDate(client.dateOfBirth) : null],
    ['Phone', client.phone],
    ['Email', client.email],
    ['Address', client.address],
    ['Postcode', client.postcode],
    ['Best way to contact', client.preferredContact],
  ];

  return (
    <>
      <PageHeading>
        Referral: {client.name}{' '}
        {incoming ? `from ${referral.from.organisationName}` : `to ${referral.to.organisationName}`}
      </PageHeading>
      <p className="status-line">
        <StatusTag referral={desk} /> <Deadline referral={desk} />
        {referral.urgent && <span className="tag tag-urgent">Urgent</span>}
      </p>
      {referral.urgent && referral.urgentReason && (
        <p>
          <strong>Why it is urgent:</strong> {referral.urgentReason}
        </p>
      )}
      <EligibilityOverrideNote referral={referral} />
      <SentOnFromNote desk={desk} />
      <SentOnNote desk={desk} />
      {desk.waitingToSend && (
        <p className="notice" role="status">
          Waiting to send. It will go as soon as this computer can reach the network.
        </p>
      )}
      {race === null ? (
        <RefusedNote referral={desk} />
      ) : (
        <p className="problem" role="alert">
          {race}
        </p>
      )}
      <Problem message={problem} />
      <InboxPanel desk={desk} />
      {!incoming && desk.clientId !== null && mayRedirect(referral.status, desk.sentOnTo) && (
        <p className="actions">
          <a className="button primary" href={href({ name: 'redirect', referralId: referral.id })}>
            Send {client.name} to another service
          </a>
        </p>
      )}
      {actions.length + forms.length > 0 && (
        <div className="actions">
          {actions.map((a) => (
            <button
              key={a.action}
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void act({ action: a.action })}
            >
              {a.label}
            </button>
          ))}
          {forms.map((a) => (
            <button
              key={a.action}
              type="button"
              aria-expanded={open === a.action}
              disabled={busy}
              onClick={() => {
                setOpen(open === a.action ? null : a.action);
              }}
            >
              {a.label}
            </button>
          ))}
        </div>
      )}
      {open !== null &&
        forms.some((a) => a.action === open) &&
        (open === 'record-contact' ? (
          <FirstContactForm
            draftKey={`referral/${id}/contact`}
            sentAt={referral.sentAt}
            act={act}
            busy={busy}
            onCancel={() => {
              setOpen(null);
            }}
          />
        ) : open === 'decline' ? (
          <DeclineForm
            draftKey={`referral/${id}/decline`}
            act={act}
            busy={busy}
            onCancel={() => {
              setOpen(null);
            }}
          />
        ) : (
          <TextStepForm
            key={open}
            draftKey={`referral/${id}/${open}`}
            step={TEXT_STEPS[open]}
            act={act}
            busy={busy}
            onCancel={() => {
              setOpen(null);
            }}
          />
        ))}

      <h2>About the referral</h2>
      <dl className="details">
        <div>
          <dt>Service</dt>
          <dd>
            {referral.to.serviceName}, {referral.to.organisationName}
          </dd>
        </div>
        <div>
          <dt>Referred by</dt>
          <dd>{referral.from.organisationName}</dd>
        </div>
        <div>
          <dt>Issues</dt>
          <dd>{referral.issues.map(issueLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>What help is needed</dt>
          <dd className="prose">{referral.payload.needs}</dd>
        </div>
      </dl>
      {contact !== null && (
        <p className="first-contact">{firstContactText(contact, formatMoment)}</p>
      )}

      <h2>Client details shared</h2>
      <dl className="details">
        <div>
          <dt>Name</dt>
          <dd>{client.name}</dd>
        </div>
        {details
          .filter((d): d is [string, string] => d[1] !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <p className="hint">
        Consent given by{' '}
        {referral.consent.givenBy === 'client'
          ? 'the client'
          : (referral.consent.representativeName ?? 'a representative')}{' '}
        ({referral.consent.method.replace('-', ' ')}), recorded by {referral.consent.recordedBy} on{' '}
        {formatTime(referral.consent.at)}.
      </p>

      <ReferralDocuments desk={desk} />

      <h2>History</h2>
      {referral.events.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol className="timeline">
          {referral.events.map((e) => (
            <li key={e.id}>
              <strong>{EVENT_WORDS[e.type]}</strong> by {e.actor.name} ({e.actor.organisationName}),{' '}
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              <EventDetail event={e} />
            </li>
          ))}
        </ol>
      )}
      {referral.status !== 'draft' && (
        <TextStepForm
          draftKey={`referral/${id}/note`}
          step={TEXT_STEPS.note}
          act={act}
          busy={busy}
        />
      )}
    </>
  );
};
