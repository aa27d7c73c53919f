import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import type { SessionState } from '#src/contract.ts';
import { reasonText, type Reason } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { useSession } from '#renderer/app/session.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { AcceptInvitation } from '#renderer/features/session/AcceptInvitation.tsx';
import { ChoosePassword } from '#renderer/features/session/ChoosePassword.tsx';

const LABELS = {
  serverUrl: 'Network address',
  email: 'Email address',
  password: 'Password',
  code: 'Code from your authenticator app',
};
const LIMITS = maxLengths<string>(contract['session.signIn'].request);

/** Reasons after which the form asks for a two-factor code. */
const NEEDS_CODE: readonly Reason[] = ['two-factor-required', 'two-factor-invalid'];

export const SignIn = ({
  session,
}: {
  session: Extract<SessionState, { state: 'signed-out' }>;
}) => {
  const setSession = useSession((s) => s.set);
  const [joining, setJoining] = useState(false);
  const [serverUrl, setServerUrl] = useState(session.serverUrl);
  const [email, setEmail] = useState(session.email ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [insecure, setInsecure] = useState<'hidden' | 'shown'>('hidden');
  const [allowInsecure, setAllowInsecure] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(
    session.why === undefined ? null : reasonText(session.why),
  );
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // The one-time password, kept only until the person has chosen their own (#6).
  const [oneTime, setOneTime] = useState<string | null>(null);

  if (oneTime !== null) {
    return (
      <ChoosePassword
        serverUrl={serverUrl}
        email={email}
        oneTimePassword={oneTime}
        allowInsecure={allowInsecure}
        onSignedIn={(result) => {
          setOneTime(null);
          if (result.ok) setSession(result.value);
          else setProblem(reasonText(result.reason));
        }}
        onCancel={() => {
          setOneTime(null);
          setProblem(null);
        }}
      />
    );
  }

  if (joining) {
    return (
      <AcceptInvitation
        serverUrl={serverUrl}
        onDone={(joinedEmail) => {
          setEmail(joinedEmail);
          setJoining(false);
          setProblem(null);
          setNotice('Your password is set. Sign in with it now.');
        }}
        onCancel={() => setJoining(false)}
      />
    );
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request = {
      serverUrl,
      email,
      password,
      ...(askCode && { code }),
      ...(allowInsecure && { allowInsecure: true }),
    };
    const parsed = contract['session.signIn'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('session.signIn', request);
      if (result.ok) {
        setSession(result.value);
        return;
      }
      if (result.reason === 'password-change-required') {
        setOneTime(password);
        return;
      }
      if (NEEDS_CODE.includes(result.reason)) setAskCode(true);
      if (result.reason === 'insecure-server') setInsecure('shown');
      setProblem(reasonText(result.reason));
    } finally {
      setBusy(false);
      setPassword('');
      setCode('');
    }
  };

  return (
    <main id="main" className="narrow">
      <PageHeading>Sign in to Handover</PageHeading>
      <p>Use the account your network coordinator or agency lead gave you.</p>
      {notice !== null && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={LABELS.serverUrl}
          hint="Your network’s Handover server, for example handover.mytown.org"
          error={errors.serverUrl}
          limit={LIMITS.serverUrl}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="url"
              value={serverUrl}
              onChange={(e) => {
                setServerUrl(e.target.value);
                setAllowInsecure(false);
              }}
            />
          )}
        </Field>
        {insecure === 'shown' && (
          <div className="checkboxes">
            <label>
              <input
                type="checkbox"
                checked={allowInsecure}
                onChange={(e) => setAllowInsecure(e.target.checked)}
              />
              Use this address even though the connection is not secure (only if your coordinator
              has told you to)
            </label>
          </div>
        )}
        <Field label={LABELS.email} error={errors.email} limit={LIMITS.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="username"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.password} error={errors.password} limit={LIMITS.password}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {askCode && (
          <Field
            label={LABELS.code}
            hint="Six digits. Open the app on your phone; the code changes every 30 seconds."
            error={errors.code}
            limit={LIMITS.code}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <button type="button" className="link" onClick={() => setJoining(true)}>
          I have an invitation code
        </button>
      </p>
    </main>
  );
};
