import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { contract } from '#src/contract.ts';
import type { TwoFactorStart } from '#src/account-forms.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

/**
 * Turning on two-factor sign-in: the key goes into an authenticator app
 * (typed in, or as the otpauth address), and a first code proves it works.
 */
export const TwoFactor = ({ enabled }: { enabled: boolean }) => {
  const [on, setOn] = useState(enabled);
  const [started, setStarted] = useState<TwoFactorStart | null>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  const start = async () => {
    setProblem(null);
    const result = await call('account.twoFactorStart', {});
    if (result.ok) setStarted(result.value);
    else setProblem(reasonText(result.reason));
  };
  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = contract['account.twoFactorConfirm'].request.safeParse({ code });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('account.twoFactorConfirm', { code });
    if (result.ok) {
      setOn(true);
      setStarted(null);
    } else setProblem(reasonText(result.reason));
    setCode('');
  };

  return (
    <section aria-labelledby="two-factor">
      <h2 id="two-factor">Two-factor sign-in</h2>
      {on ? (
        <p role="status">
          Two-factor sign-in is on: you will be asked for a code from your authenticator app each
          time you sign in.
        </p>
      ) : started === null ? (
        <>
          <p>
            A code from an app on your phone, as well as your password, keeps your account safe even
            if someone sees your password.
          </p>
          <button type="button" onClick={() => void start()}>
            Set up two-factor sign-in
          </button>
        </>
      ) : (
        <>
          <p>
            In your authenticator app, add an account and type this key (or open the address below
            on your phone):
          </p>
          <p className="code">
            <strong>{started.secret}</strong>
          </p>
          <p className="hint">{started.uri}</p>
          <form onSubmit={(e) => void confirm(e)} noValidate>
            <Field
              label="The six-digit code your app shows now"
              hint="This checks that the app is set up before two-factor sign-in is turned on."
              error={errors.code}
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
            <button type="submit" className="primary">
              Turn on two-factor sign-in
            </button>
          </form>
        </>
      )}
      <Problem message={problem} />
    </section>
  );
};
