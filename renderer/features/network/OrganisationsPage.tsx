import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import type { InvitationMade } from '#src/account-forms.ts';
import type { Nation } from '#src/nations.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { formatTime } from '#renderer/components/format.ts';

const LABELS = {
  organisationName: 'The agency’s name',
  nation: 'Where the agency works',
  name: 'The lead’s name',
  email: 'The lead’s work email address',
};
const LIMITS = maxLengths<string>(contract['network.inviteLead'].request);

const NATION_WORDS: Record<Nation, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

const loadOrganisations = () => call('network.organisations', {});

/** The code, shown once: the inviter passes it on (and it went by email, if the server could). */
const Made = ({ made }: { made: InvitationMade & { name: string; agency: string } }) => (
  <div role="status" className="notice">
    <p>
      {made.emailed
        ? `The invitation has been emailed to ${made.name}. If it does not arrive, give them this code privately.`
        : `Give this code to ${made.name} privately: Handover cannot send email on this network.`}{' '}
      It works once, until {formatTime(made.expiresAt)}, and makes {made.agency} part of the network
      when they join:
    </p>
    <p className="code">
      <strong>{made.code}</strong>
    </p>
  </div>
);

/** A coordinator invites the lead of a new agency; the agency is made with the invitation. */
const InviteLead = ({ onMade }: { onMade: () => Promise<void> }) => {
  const [form, setForm] = useState({
    organisationName: '',
    nation: 'england-and-wales' as Nation,
    name: '',
    email: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<(InvitationMade & { name: string; agency: string }) | null>(
    null,
  );
  const change = (key: keyof typeof form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = contract['network.inviteLead'].request.safeParse(form);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('network.inviteLead', parsed.data);
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    setMade({ ...result.value, name: parsed.data.name, agency: parsed.data.organisationName });
    setForm({ organisationName: '', nation: 'england-and-wales', name: '', email: '' });
    await onMade();
  };
  return (
    <section aria-labelledby="invite-lead">
      <h2 id="invite-lead">Invite an agency’s lead</h2>
      <p>
        The lead joins with a one-time code, chooses their own password, accepts the data-sharing
        agreement for their agency, and then invites their staff.
      </p>
      {made !== null && <Made made={made} />}
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={LABELS.organisationName}
          error={errors.organisationName}
          limit={LIMITS.organisationName}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              value={form.organisationName}
              onChange={(e) => change('organisationName')(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={LABELS.nation}
          hint="Bank holidays differ, so deadlines do too."
          error={errors.nation}
          limit={LIMITS.nation}
        >
          {(p) => (
            <select {...p} value={form.nation} onChange={(e) => change('nation')(e.target.value)}>
              {Object.entries(NATION_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.name} error={errors.name} limit={LIMITS.name}>
          {(p) => (
            <input
              {...p}
              type="text"
              value={form.name}
              onChange={(e) => change('name')(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.email} error={errors.email} limit={LIMITS.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              spellCheck={false}
              value={form.email}
              onChange={(e) => change('email')(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          Invite this lead
        </button>
      </form>
    </section>
  );
};

/** The network's agencies, who leads each, and inviting a new agency's lead. */
export const OrganisationsPage = () => {
  const [found, reload] = useDeskQuery(loadOrganisations, ['session']);
  return (
    <>
      <PageHeading>Organisations in the network</PageHeading>
      {found === null ? (
        <p className="loading">Loading…</p>
      ) : !found.ok ? (
        <Problem message={reasonText(found.reason)} />
      ) : found.value.length === 0 ? (
        <p>No agencies yet. Invite the first agency’s lead below.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Agencies in the network</caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Lead</th>
              <th scope="col">Accounts</th>
              <th scope="col">Data-sharing agreement</th>
            </tr>
          </thead>
          <tbody>
            {found.value.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>
                  {o.leads.length === 0
                    ? 'No lead yet'
                    : o.leads.map((l) => `${l.name} (${l.email})`).join(', ')}
                </td>
                <td>{o.accounts}</td>
                <td>
                  {o.dataSharingAcceptedAt === null
                    ? 'Not accepted yet'
                    : `Accepted ${formatTime(o.dataSharingAcceptedAt)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <InviteLead onMade={reload} />
    </>
  );
};
