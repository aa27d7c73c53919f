import { useCallback, useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import type { Reason } from '#src/reasons.ts';
import type { Result } from '#src/result.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { ErrorSummary, Field, Problem } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';

/** As the desk checks it (main/keys/passphrase.ts); the desk has the last word. */
const MIN_PASSPHRASE = 10;

const PassphraseInput = ({
  label,
  hint,
  error,
  value,
  onChange,
  fresh = false,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  fresh?: boolean;
}) => (
  <Field label={label} {...(hint !== undefined && { hint })} error={error}>
    {(p) => (
      <input
        {...p}
        type="password"
        autoComplete={fresh ? 'new-password' : 'current-password'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    )}
  </Field>
);

/** Choose a new passphrase; the old one is needed. */
export const ChangePassphrase = () => {
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    setProblem(null);
    const found: FieldErrors = {};
    if (old === '') found.old = 'Enter your passphrase as it is now';
    if (next.length < MIN_PASSPHRASE) found.next = reasonText('passphrase-too-short');
    if (repeat !== next) found.repeat = 'The two new passphrases are not the same';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const result = await call('keys.changePassphrase', {
        oldPassphrase: old,
        newPassphrase: next,
      });
      if (!result.ok) {
        setProblem(reasonText(result.reason));
        return;
      }
      setOld('');
      setNext('');
      setRepeat('');
      setDone(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="passphrase-heading">
      <h2 id="passphrase-heading">Change your passphrase</h2>
      <p>Your recovery key and your backups are not affected.</p>
      <ErrorSummary
        errors={errors}
        labels={{
          old: 'Passphrase now',
          next: 'New passphrase',
          repeat: 'New passphrase again',
        }}
      />
      <Problem message={problem} />
      {done && (
        <p role="status">
          Your passphrase has been changed. Use the new one the next time you unlock Handover.
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <PassphraseInput label="Passphrase now" error={errors.old} value={old} onChange={setOld} />
        <PassphraseInput
          label="New passphrase"
          hint={`At least ${String(MIN_PASSPHRASE)} characters. A few unrelated words work well.`}
          error={errors.next}
          value={next}
          onChange={setNext}
          fresh
        />
        <PassphraseInput
          label="New passphrase again"
          error={errors.repeat}
          value={repeat}
          onChange={setRepeat}
          fresh
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change passphrase'}
        </button>
      </form>
    </section>
  );
};

/**
 * A form that needs the passphrase (passphrase stores) and then shows the new
 * recovery key on its own page, once.
 */
type Secret = 'passphrase' | 'password';

/** What proves it is the adviser: the passphrase, or (keychain) the sign-in password. */
const proof = (secret: Secret, typed: string) =>
  secret === 'passphrase' ? { passphrase: typed } : { passphrase: null, password: typed };

const ToNewRecoveryKey = ({
  secret,
  action,
  button,
  busyText,
  whileBusy,
}: {
  secret: Secret;
  action: (proved: ReturnType<typeof proof>) => Promise<Result<null, Reason>>;
  button: string;
  busyText: string;
  /** Said (politely, as a status) while the desk works on it. */
  whileBusy?: string;
}) => {
  const go = useRouter((s) => s.go);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    if (passphrase === '') {
      setError(`Enter your ${secret}`);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const result = await action(proof(secret, passphrase));
      if (result.ok) go({ name: 'recovery-key' });
      else {
        setPassphrase('');
        setProblem(reasonText(result.reason));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Problem message={problem} />
      {whileBusy !== undefined && busy && <p role="status">{whileBusy}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <PassphraseInput
          label={secret === 'passphrase' ? 'Your passphrase' : 'Your password'}
          {...(secret === 'password' && { hint: 'The password you sign in to Handover with' })}
          error={error}
          value={passphrase}
          onChange={setPassphrase}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyText : button}
        </button>
      </form>
    </>
  );
};

/** A new recovery key, shown once; the old one stops working. */
export const NewRecoveryKey = ({ needsPassphrase }: { needsPassphrase: boolean }) => (
  <section aria-labelledby="recovery-heading">
    <h2 id="recovery-heading">Make a new recovery key</h2>
    <p>
      Do this if you have lost your recovery key, or someone else may have seen it. Your old
      recovery key stops working for this computer; Handover shows the new one once, for you to
      write down.
    </p>
    <ToNewRecoveryKey
      secret={needsPassphrase ? 'passphrase' : 'password'}
      action={(proved) => call('keys.newRecoveryKey', proved)}
      button="Make a new recovery key"
      busyText="Making it…"
    />
  </section>
);

const CHANGING_KEY =
  'Changing the key — this can take a minute on a large caseload. Keep Handover open.';
/** How often to ask whether a key change started elsewhere (another tab) has finished. */
const CHANGING_CHECK_MS = 2_000;

/**
 * A key change this screen did not start (another window, or before this page
 * was opened): the desk says so in its settings until it is done.
 */
const useKeyChanging = (): { changing: boolean; finished: boolean } => {
  const load = useCallback(() => call('security.settings', {}), []);
  const [settings, reload] = useDeskQuery(load, ['session']);
  const changing = settings?.keyChanging === true;
  const [seen, setSeen] = useState(false);
  // Remembered while rendering (React's pattern for state that follows props).
  if (changing && !seen) setSeen(true);
  useEffect(() => {
    if (!changing) return undefined;
    const timer = setInterval(() => void reload(), CHANGING_CHECK_MS);
    return () => clearInterval(timer);
  }, [changing, reload]);
  return { changing, finished: seen && !changing && settings !== null };
};

/** Re-encrypts the whole store with a new key (rekey), then a new recovery key. */
export const ChangeStoreKey = ({ needsPassphrase }: { needsPassphrase: boolean }) => {
  const { changing, finished } = useKeyChanging();
  return (
    <section aria-labelledby="rekey-heading">
      <h2 id="rekey-heading">Change the key to your casework</h2>
      <p>
        Do this if you think someone may have copied this computer’s casework file together with its
        key or your recovery key. Handover encrypts all your casework again with a new key; with a
        large caseload this can take a minute. If the computer stops half-way, nothing is lost:
        Handover finishes the change the next time you unlock it.
      </p>
      {changing ? (
        <p role="status">{CHANGING_KEY}</p>
      ) : (
        <>
          {finished && (
            <p role="status">
              The key to your casework has been changed. If Handover has a new recovery key for you,
              it shows it on the <a href="#/recovery-key">recovery key page</a>.
            </p>
          )}
          <details className="rekey">
            <summary>Change the key now</summary>
            <p>
              Afterwards Handover shows you a new recovery key, once. Backups made before the change
              still need your old recovery key: keep it with them, or make a new backup.
            </p>
            <ToNewRecoveryKey
              secret={needsPassphrase ? 'passphrase' : 'password'}
              action={(proved) => call('keys.rekey', proved)}
              button="Change the key"
              busyText="Changing the key…"
              whileBusy={CHANGING_KEY}
            />
          </details>
        </>
      )}
    </section>
  );
};
