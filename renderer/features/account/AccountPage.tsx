import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { AGREEMENTS, type AgreementKind } from '#src/agreements.ts';
import { contract } from '#src/contract.ts';
import type { InvitationMade } from '#src/account-forms.ts';
import type { Me } from '#src/wire/api.ts';
import { reasonText } from '#src/reasons.ts';
import { can } from '#src/roles.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { Activity } from '#renderer/features/account/Activity.tsx';
import { Devices } from '#renderer/features/account/Devices.tsx';
import { Staff } from '#renderer/features/account/Staff.tsx';
import { TwoFactor } from '#renderer/features/account/TwoFactor.tsx';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

const when = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

const AgreementText = ({ kind }: { kind: AgreementKind }) => (
  <ul>
    {AGREEMENTS[kind].points.map((p) => (
      <li key={p}>{p}</li>
    ))}
  </ul>
);

const LABELS = { email: 'Their work email address', name: 'Their name' };

/** A lead invites a member of staff: the code is shown once, to pass on in person. */
const InviteStaff = ({ agency }: { agency: string }) => {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<(InvitationMade & { name: string }) | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request = { email, name };
    const parsed = contract['account.invite'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('account.invite', request);
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    setMade({ name, ...result.value });
    setEmail('');
    setName('');
  };
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone to {agency}</h2>
      <p>
        They will join as an adviser with a one-time code, and choose their own password with it.
        The code is emailed to them if your network has email set up; you see it too, to give them
        in person or by phone.
      </p>
      {made !== null && (
        <div role="status" className="notice">
          <p>
            {made.emailed
              ? `The invitation has been emailed to ${made.name}. If it does not arrive, give them this code privately.`
              : `Give this code to ${made.name} privately.`}{' '}
            It works once, until {when(made.expiresAt)}:
          </p>
          <p className="code">
            <strong>{made.code}</strong>
          </p>
        </div>
      )}
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={LABELS.name} error={errors.name} limit={LIMITS.name}>
          {(p) => (
            <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={LABELS.email} error={errors.email} limit={LIMITS.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Make an invitation code</button>
      </form>
    </section>
  );
};
const LIMITS = maxLengths<string>(contract['account.invite'].request);

/** The user's agreements, their agency's data-sharing agreement, and (for leads) inviting staff. */
export const AccountPage = ({ me }: { me: Me }) => {
  const load = useCallback(() => call('account.agreements', {}), []);
  const [status, reload] = useDeskQuery(load, ['session']);
  const [problem, setProblem] = useState<string | null>(null);
  const accept = async (kind: AgreementKind) => {
    setProblem(null);
    const result = await call('account.acceptAgreement', {
      kind,
      version: AGREEMENTS[kind].version,
    });
    if (!result.ok) setProblem(reasonText(result.reason));
    await reload();
  };
  const agency = me.organisation?.name ?? 'your agency';
  const isLead = can(me.user.role, 'agreement.data-sharing');
  return (
    <>
      <PageHeading>Your account and agreements</PageHeading>
      <Problem message={problem} />
      {status === null ? (
        <p className="loading">Loading…</p>
      ) : !status.ok ? (
        <Problem message={reasonText(status.reason)} />
      ) : (
        <>
          <section aria-labelledby="user-agreement">
            <h2 id="user-agreement">{AGREEMENTS.user.title}</h2>
            <AgreementText kind="user" />
            {status.value.user.acceptedAt !== null ? (
              <p>You accepted this on {when(status.value.user.acceptedAt)}.</p>
            ) : (
              <button type="button" className="primary" onClick={() => void accept('user')}>
                I accept the user agreement
              </button>
            )}
          </section>
          {/* A coordinator has no agency: the data-sharing agreement is for agencies. */}
          {me.organisation !== null && (
            <section aria-labelledby="data-sharing">
              <h2 id="data-sharing">{AGREEMENTS['data-sharing'].title}</h2>
              <AgreementText kind="data-sharing" />
              {status.value.dataSharing.acceptedAt !== null ? (
                <p>
                  Accepted for {agency} by {status.value.dataSharing.acceptedBy} on{' '}
                  {when(status.value.dataSharing.acceptedAt)}.
                </p>
              ) : isLead ? (
                <button
                  type="button"
                  className="primary"
                  onClick={() => void accept('data-sharing')}
                >
                  Accept for {agency}
                </button>
              ) : (
                <p>
                  Waiting for {agency}’s lead to accept it. Until then, {agency} cannot send or
                  receive referrals.
                </p>
              )}
            </section>
          )}
        </>
      )}
      <TwoFactor
        enabled={me.twoFactor?.enabled === true}
        required={
          me.network.settings.requireTwoFactor === true &&
          (me.user.role === 'lead' || me.user.role === 'coordinator')
        }
      />
      <Devices />
      {can(me.user.role, 'invite.staff') && <InviteStaff agency={agency} />}
      {can(me.user.role, 'users.disable') && (
        <Staff me={me.user} network={me.organisation === null} />
      )}
      {can(me.user.role, 'audit.agency') && <Activity />}
    </>
  );
};
