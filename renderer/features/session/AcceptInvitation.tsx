import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

const LABELS = {
  serverUrl: 'Network address',
  email: 'Email address',
  code: 'Invitation code',
  password: 'Choose a password',
};
const LIMITS = maxLengths<string>(contract['account.acceptInvitation'].request);

/**
 * Joining the network (or resetting a password) with a one-time code from
 * a lead or coordinator: the person chooses their own password here, so no
 * password is ever sent to them.
 */
export const AcceptInvitation = ({
  serverUrl: initialServerUrl,
  onDone,
  onCancel,
}: {
  serverUrl: string;
  onDone: (email: string) => void;
  onCancel: () => void;
}) => {
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request = { serverUrl, email, code, password };
    const parsed = contract['account.acceptInvitation'].request.safeParse(request);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await call('account.acceptInvitation', request);
      if (result.ok) onDone(email);
      else setProblem(reasonText(result.reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <PageHeading>Join with an invitation code</PageHeading>
      <p>
        Your agency lead or network coordinator gave you a code. Use it once, before it expires, to
        choose your password. The same works for a password reset.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={LABELS.serverUrl} error={errors.serverUrl} limit={LIMITS.serverUrl}>
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
        <Field
          label={LABELS.email}
          hint="The address you were invited with"
          error={errors.email}
          limit={LIMITS.email}
        >
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
        <Field
          label={LABELS.code}
          hint="For example ABCDE-FGHJK-LMNPQ-RSTUV"
          error={errors.code}
          limit={LIMITS.code}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={LABELS.password}
          hint="At least 12 characters. A few unrelated words are easy to remember and hard to guess. Do not share it with anyone."
          error={errors.password}
          limit={LIMITS.password}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting your password…' : 'Set my password'}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          Back to sign in
        </button>
      </form>
    </main>
  );
};
