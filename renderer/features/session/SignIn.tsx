import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import type { SessionState } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
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

const LABELS = { serverUrl: 'Network address', email: 'Email address', password: 'Password' };

export const SignIn = ({
  session,
}: {
  session: Extract<SessionState, { state: 'signed-out' }>;
}) => {
  const setSession = useSession((s) => s.set);
  const [serverUrl, setServerUrl] = useState(session.serverUrl);
  const [email, setEmail] = useState(session.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request = { serverUrl, email, password };
    const parsed = contract['session.signIn'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('session.signIn', request);
      if (result.ok) setSession(result.value);
      else setProblem(reasonText(result.reason));
    } finally {
      setBusy(false);
      setPassword('');
    }
  };

  return (
    <main id="main" className="narrow">
      <PageHeading>Sign in to Handover</PageHeading>
      <p>Use the account your network coordinator or agency lead gave you.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={LABELS.serverUrl}
          hint="Your network’s Handover server, for example handover.mytown.org"
          error={errors.serverUrl}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="url"
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.email} error={errors.email}>
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
        <Field label={LABELS.password} error={errors.password}>
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
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
};
