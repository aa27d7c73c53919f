import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { SessionState } from '#src/contract.ts';
import { contract } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
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

const LABELS = { newPassword: 'Choose your password', again: 'Your password again' };

/**
 * First sign-in with the one-time password the administrator printed (#6):
 * the server opens no session until the person chooses their own, here.
 * Then the desk signs in with it.
 */
export const ChoosePassword = ({
  serverUrl,
  email,
  oneTimePassword,
  allowInsecure,
  onSignedIn,
  onCancel,
}: {
  serverUrl: string;
  email: string;
  oneTimePassword: string;
  allowInsecure: boolean;
  onSignedIn: (result: Result<SessionState, Reason>) => void;
  onCancel: () => void;
}) => {
  const [newPassword, setNewPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const request = {
      serverUrl,
      email,
      password: oneTimePassword,
      newPassword,
      ...(allowInsecure && { allowInsecure: true }),
    };
    const parsed = contract['account.changeOneTimePassword'].request.safeParse(request);
    const found = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
    if (again !== newPassword) found.again ??= 'The two passwords are not the same';
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const changed = await call('account.changeOneTimePassword', parsed.data);
      if (!changed.ok) {
        setProblem(reasonText(changed.reason));
        return;
      }
      onSignedIn(
        await call('session.signIn', {
          serverUrl,
          email,
          password: newPassword,
          ...(allowInsecure && { allowInsecure: true }),
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <PageHeading>Choose your own password</PageHeading>
      <p>
        You signed in with the one-time password you were given. Choose a password only you know: at
        least 12 characters. A few unrelated words are easy to remember and hard to guess.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={LABELS.newPassword} error={errors.newPassword} limit={LIMITS.newPassword}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label={LABELS.again} error={errors.again} limit={LIMITS.again}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Save my password and sign in
          </button>
          <button type="button" onClick={onCancel}>
            Back to sign in
          </button>
        </div>
      </form>
    </main>
  );
};
const LIMITS = maxLengths<string>(contract['account.changeOneTimePassword'].request);
