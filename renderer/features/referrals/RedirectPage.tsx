import { useCallback, useState } from 'react';
import type { Client, DeskReferral, SendReferralsInput } from '#src/contract.ts';
import { sendReferralsSchema } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import {
  DECLINE_REASON_LABEL,
  DECLINE_REASONS,
  mayRedirect,
  STATUS_LABEL,
} from '#src/referral/lifecycle.ts';
import { redirectAlternatives, redirectSearches } from '#src/referral/redirect.ts';
import type { RedirectSearch } from '#src/referral/redirect.ts';
import type { ServiceHit } from '#src/directory/search.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';
import { CONSENT_METHODS, type ShareableField } from '#src/wire/referral.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { useRouter } from '#renderer/app/router.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import { ReceivingNote } from '#renderer/features/directory/ServiceList.tsx';
import { ReferPage } from '#renderer/features/referrals/ReferPage.tsx';
import { SentOnNote } from '#renderer/features/referrals/SentOn.tsx';

/**
 * Redirect in two clicks (#3): from a declined (or unanswered) referral, the
 * referrer sees the services that can take the client instead — the same
 * issue, the same area, taking referrals now — with everything prefilled
 * from the earlier referral. One button per service both records that the
 * client agreed again and sends the new referral, linked to the declined one.
 * "Change the details" opens the full referral form, prefilled the same way.
 */

const FIELD_WORDS: Record<ShareableField, string> = {
  name: 'name',
  dateOfBirth: 'date of birth',
  phone: 'phone',
  email: 'email',
  address: 'address',
  postcode: 'postcode',
  preferredContact: 'best way to contact',
};

const METHOD_LABEL: Record<(typeof CONSENT_METHODS)[number], string> = {
  'in-person': 'In person',
  phone: 'By phone',
  written: 'In writing',
  online: 'Online',
};

/** Why the earlier referral ended, in words. */
const endedBecause = (from: DeskReferral): string => {
  const declined = from.referral.events.findLast((e) => e.type === 'declined');
  const coded = DECLINE_REASONS.find((r) => r === declined?.data.reason);
  return coded === undefined
    ? STATUS_LABEL[from.referral.status].toLowerCase()
    : `declined: ${DECLINE_REASON_LABEL[coded].toLowerCase()}`;
};

const joinWords = (words: string[]): string =>
  words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;

const QuickRedirect = ({
  from,
  client,
  onChangeDetails,
}: {
  from: DeskReferral;
  client: Client;
  onChangeDetails: () => void;
}) => {
  const issueLabel = useIssueLabel();
  const go = useRouter((s) => s.go);
  const { referral } = from;
  const [method, setMethod] = useState(referral.consent.method);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const issue = referral.issues[0] ?? null;
  const area = referral.postcodeDistrict ?? '';
  // What the client agreed to share before, where this desk still holds it.
  const shared = referral.consent.shared.filter((f) => client[f] !== null);

  // Near the client first, then wider until something fits (#12).
  const find = useCallback(async () => {
    const searches = redirectSearches(referral);
    let found: { search: RedirectSearch; alternatives: ServiceHit[] } | null = null;
    for (const search of searches) {
      const hits = await call('directory.find', {
        text: '',
        issue: search.issue,
        area: search.area,
        age: null,
        receivingNow: true,
        selfReferral: false,
        clientId: client.id,
        clientIssues: referral.issues,
      });
      // Never the service or agency that ended it; only services the client can use.
      found = { search, alternatives: redirectAlternatives(hits, referral.to) };
      if (found.alternatives.length > 0) break;
    }
    return found;
  }, [referral, client.id]);
  const [looked] = useDeskQuery(find, ['directory']);
  const alternatives = looked?.alternatives ?? [];
  const widened = looked?.search.widened ?? null;
  const issueWords = issue ? issueLabel(issue) : 'this';

  const send = async (serviceId: string) => {
    setProblem(null);
    const request: SendReferralsInput = {
      clientId: client.id,
      serviceIds: [serviceId],
      issues: referral.issues,
      needs: referral.payload.needs,
      urgent: referral.urgent,
      urgentReason: referral.urgent ? (referral.urgentReason ?? null) : null,
      redirectedFrom: referral.id,
      consent: {
        given: true,
        givenBy: referral.consent.givenBy,
        representativeName: referral.consent.representativeName,
        method,
        shared,
      },
    };
    const parsed = sendReferralsSchema.safeParse(request);
    // Anything the earlier referral no longer satisfies: the full form says what.
    if (!parsed.success) {
      onChangeDetails();
      return;
    }
    setBusy(true);
    try {
      const result = await call('referrals.sendMany', request);
      const [id] = result.ok ? result.value.referralIds : [];
      if (!result.ok) setProblem(reasonText(result.reason));
      else if (id !== undefined) go({ name: 'referral', id });
    } finally {
      setBusy(false);
    }
  };

  const where = [
    issue ? issueLabel(issue) : null,
    widened === 'any-area' ? 'anywhere in the network' : area ? `near ${area}` : null,
  ]
    .filter((w): w is string => w !== null)
    .join(', ');
  const sharedWords = joinWords(shared.map((f) => FIELD_WORDS[f]));
  return (
    <>
      <PageHeading>Send {client.name} on to another service</PageHeading>
      <p className="notice">
        {referral.to.organisationName} {endedBecause(from)}. Choose another service below: the new
        referral goes with the same details and is linked to this one.
      </p>
      <h2>What will be sent</h2>
      <dl className="details">
        <div>
          <dt>About</dt>
          <dd>{referral.issues.map(issueLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>What help is needed</dt>
          <dd className="prose">{referral.payload.needs}</dd>
        </div>
        {referral.urgent && (
          <div>
            <dt>Urgent</dt>
            <dd>{referral.urgentReason ?? 'Yes'}</dd>
          </div>
        )}
        <div>
          <dt>Details shared</dt>
          <dd>{sharedWords}</dd>
        </div>
      </dl>
      <p>
        <button type="button" className="link" onClick={onChangeDetails}>
          Change the details, or choose from the whole directory
        </button>
      </p>
      <h2>Ask {client.name} again first</h2>
      <p>
        Their consent is needed for this new referral. Only press a send button if they agree to it
        and to sharing their {sharedWords} with the service you choose.
      </p>
      <Field label="How they agreed this time">
        {(p) => (
          <select
            {...p}
            value={method}
            onChange={(e) => {
              setMethod(e.target.value as (typeof CONSENT_METHODS)[number]);
            }}
          >
            {CONSENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABEL[m]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Problem message={problem} />
      <h2>
        Services that can take {client.name}
        {where ? ` (${where}, taking referrals now)` : ''}
      </h2>
      {looked === null ? (
        <p>Searching…</p>
      ) : alternatives.length === 0 ? (
        <p>
          No other service for {issueWords.toLowerCase()} is taking referrals
          {area ? ` near ${area} or elsewhere in the network` : ''} now. Use “Change the details, or
          choose from the whole directory” to look for another kind of help.
        </p>
      ) : (
        <>
          {widened === 'any-area' && (
            <p className="notice">
              No other service for {issueWords.toLowerCase()} near {area} is taking referrals now,
              so these are services for it anywhere in the network.
            </p>
          )}
          <ul className="services">
            {alternatives.map(({ service: s }) => (
              <li key={s.id} className="service">
                <h3>{s.name}</h3>
                <p className="org">{s.organization_name}</p>
                <p>
                  <ReceivingNote service={s} />
                </p>
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void send(s.id)}
                >
                  {client.name} agrees: send to {s.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};

/** Sends the client of a declined referral on to another service, prefilled from it. */
export const RedirectPage = ({ id }: { id: string }) => {
  const [fullForm, setFullForm] = useState(false);
  const load = useCallback(() => call('referrals.get', { id }), [id]);
  const [found] = useDeskQuery(load, []);
  const clientId = found?.ok ? found.value.clientId : null;
  const loadClient = useCallback(
    () => (clientId === null ? Promise.resolve(null) : call('clients.get', { id: clientId })),
    [clientId],
  );
  const [client] = useDeskQuery(loadClient, ['clients']);
  if (found === null) return <p>Loading…</p>;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  const { direction, referral } = found.value;
  // Already sent on (here or at a colleague's desk): say where to, not "not now".
  if (direction === 'outgoing' && (found.value.sentOnTo ?? []).length > 0)
    return (
      <>
        <PageHeading>This referral was already sent on</PageHeading>
        <SentOnNote desk={found.value} />
      </>
    );
  if (clientId === null || direction !== 'outgoing' || !mayRedirect(referral.status))
    return <Problem message={reasonText('not-allowed-now')} />;
  if (fullForm) return <ReferPage clientId={clientId} from={found.value} />;
  if (client === null) return <p>Loading…</p>;
  if (!client.ok) return <Problem message={reasonText(client.reason)} />;
  return (
    <QuickRedirect
      from={found.value}
      client={client.value}
      onChangeDetails={() => {
        setFullForm(true);
      }}
    />
  );
};
