import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { QRCodeSVG } from 'qrcode.react';
import { contract } from '#src/contract.ts';
import type { TwoFactorStart } from '#src/account-forms.ts';
import { reasonText } from '#src/reasons.ts';
import { maxLengths } from '#src/field-words.ts';
import { call } from '#renderer/bridge.ts';
import { ErrorSummary, Field, Problem, zodFieldErrors } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

const LIMITS = maxLengths<string>(contract['account.twoFactorDisable'].request);

const CODE_LABEL = 'The six-digit code your app shows now';

/** The six-digit code field, shared by setting up and turning off. */
const CodeField = ({
  code,
  setCode,
  error,
  hint,
}: {
  code: string;
  setCode: (code: string) => void;
  error: string | undefined;
  hint?: string;
}) => (
  <Field label={CODE_LABEL} error={error} {...(hint !== undefined && { hint })}>
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
);

/**
 * Setting up: the phone's authenticator app scans the QR code, or the key
 * is typed in; the same address is written out for anyone who cannot use the
 * picture. A first code proves the app works before it is turned on.
 */
const SetUp = ({ started, onOn }: { started: TwoFactorStart; onOn: () => void }) => {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = contract['account.twoFactorConfirm'].request.safeParse({ code });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('account.twoFactorConfirm', parsed.data);
    setCode('');
    if (result.ok) onOn();
    else setProblem(reasonText(result.reason));
  };
  return (
    <>
      <p>
        In your authenticator app, add an account and scan this QR code with your phone’s camera:
      </p>
      <div className="qr-code">
        <QRCodeSVG
          value={started.uri}
          size={192}
          marginSize={4}
          title="QR code for your authenticator app"
          role="img"
          aria-label="QR code for your authenticator app. The same key is written below."
        />
      </div>
      <p>Or type this key into the app instead:</p>
      <p className="code">
        <strong>{started.secret}</strong>
      </p>
      <p className="hint">
        The same set-up as an address (for apps that take one):{' '}
        <span className="otpauth">{started.uri}</span>
      </p>
      <ErrorSummary errors={errors} labels={{ code: CODE_LABEL }} />
      <Problem message={problem} />
      <form onSubmit={(e) => void confirm(e)} noValidate>
        <CodeField
          code={code}
          setCode={setCode}
          error={errors.code}
          hint="This checks that the app is set up before two-factor sign-in is turned on."
        />
        <button type="submit" className="primary">
          Turn on two-factor sign-in
        </button>
      </form>
    </>
  );
};

/** Turning it off: the password and a current code, so an unlocked desk is not enough. */
const TurnOff = ({ onOff, onCancel }: { onOff: () => void; onCancel: () => void }) => {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const labels = { password: 'Your password', code: CODE_LABEL };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = contract['account.twoFactorDisable'].request.safeParse({ password, code });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('account.twoFactorDisable', parsed.data);
    setCode('');
    if (result.ok) onOff();
    else setProblem(reasonText(result.reason));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>
        Without two-factor sign-in, your password alone opens your account. To turn it off, enter
        your password and a code from your app.
      </p>
      <ErrorSummary errors={errors} labels={labels} />
      <Problem message={problem} />
      <Field label={labels.password} error={errors.password} limit={LIMITS.password}>
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
      <CodeField code={code} setCode={setCode} error={errors.code} />
      <div className="actions">
        <button type="submit">Turn off two-factor sign-in</button>
        <button type="button" onClick={onCancel}>
          Keep it on
        </button>
      </div>
    </form>
  );
};

/**
 * Two-factor sign-in on the Account page: set it up (QR code, key, or
 * address), and turn it off again unless the network requires it of the user.
 */
export const TwoFactor = ({ enabled, required }: { enabled: boolean; required: boolean }) => {
  const [on, setOn] = useState(enabled);
  const [started, setStarted] = useState<TwoFactorStart | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const start = async () => {
    setProblem(null);
    setSaid(null);
    const result = await call('account.twoFactorStart', {});
    if (result.ok) setStarted(result.value);
    else setProblem(reasonText(result.reason));
  };

  return (
    <section aria-labelledby="two-factor">
      <h2 id="two-factor">Two-factor sign-in</h2>
      {said !== null && (
        <p role="status" className="notice">
          {said}
        </p>
      )}
      {on ? (
        <>
          <p role="status">
            Two-factor sign-in is on: you will be asked for a code from your authenticator app each
            time you sign in.
          </p>
          {required ? (
            <p>Your network requires it for leads and coordinators, so it stays on.</p>
          ) : turningOff ? (
            <TurnOff
              onOff={() => {
                setOn(false);
                setTurningOff(false);
                setSaid('Two-factor sign-in is off. Your password alone now signs you in.');
              }}
              onCancel={() => setTurningOff(false)}
            />
          ) : (
            <button type="button" onClick={() => setTurningOff(true)}>
              Turn off two-factor sign-in…
            </button>
          )}
        </>
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
        <SetUp
          started={started}
          onOn={() => {
            setOn(true);
            setStarted(null);
            setSaid(null);
          }}
        />
      )}
      <Problem message={problem} />
    </section>
  );
};
