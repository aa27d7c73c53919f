import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { SessionState } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useSession } from '#renderer/app/session.ts';
import { useRouter } from '#renderer/app/router.ts';
import { ErrorSummary, Field, PageHeading, Problem } from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import { RecoverWithKey } from '#renderer/features/casework/RecoveryKey.tsx';
import { RestoreBackup } from '#renderer/features/casework/BackupsPage.tsx';

const MIN_LENGTH = 10;

/**
 * The casework on this computer is encrypted. Where the computer has no
 * keychain to hold the key, a passphrase the user chooses protects it.
 * After a lock (by the user, or after the agency's idle minutes) the same
 * screen reopens it: with the passphrase, or — where the keychain holds the
 * key — the user's sign-in password, checked on this computer (no network
 * needed). No client detail is on screen while it shows.
 */
export const Unlock = ({ session }: { session: Extract<SessionState, { state: 'locked' }> }) => {
  const setSession = useSession((s) => s.set);
  const refresh = useSession((s) => s.refresh);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = session.newStore;
  const withPassword = session.unlockWith === 'password';
  const secretName = withPassword ? 'password' : 'passphrase';

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: FieldErrors = {};
    if (creating && passphrase.length < MIN_LENGTH)
      found.passphrase = reasonText('passphrase-too-short');
    if (!creating && passphrase.length === 0) found.passphrase = `Enter your ${secretName}`;
    if (creating && repeat !== passphrase) found.repeat = 'The two passphrases are not the same';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const result = await call(
        'session.unlock',
        withPassword ? { password: passphrase } : { passphrase },
      );
      if (result.ok) {
        // The passphrase page promises the recovery key next: it is the next page.
        if (creating) useRouter.getState().go({ name: 'recovery-key' });
        setSession(result.value);
      } else {
        setProblem(reasonText(result.reason));
        setPassphrase('');
      }
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setSession(await call('session.signOut', {}));
  };

  return (
    <main id="main" className="narrow">
      <PageHeading>
        {creating ? 'Protect the casework on this computer' : 'Unlock your casework'}
      </PageHeading>
      {creating ? (
        <>
          <p>
            Handover keeps your clients’ details on this computer, encrypted. This computer has no
            keychain to hold the key, so choose a passphrase to protect it instead.
          </p>
          <p>
            You will need it each time you sign in here. If you forget it, the recovery key Handover
            gives you next is the only way back in.
          </p>
        </>
      ) : (
        <>
          {session.lockedBecause === 'idle' && (
            <p role="status">
              Handover locked itself because it was not used for a while, to keep your clients’
              details private.
            </p>
          )}
          {session.lockedBecause === 'asked' && <p role="status">Handover is locked.</p>}
          <p>
            Signed in as {session.email}.{' '}
            {withPassword
              ? 'Enter the password you sign in to Handover with. It is checked on this computer, so this works without the internet.'
              : 'Enter the passphrase that protects your casework on this computer.'}
          </p>
        </>
      )}
      <ErrorSummary
        errors={errors}
        labels={{
          passphrase: withPassword ? 'Password' : 'Passphrase',
          repeat: 'Passphrase again',
        }}
      />
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={withPassword ? 'Password' : 'Passphrase'}
          {...(creating
            ? { hint: `At least ${MIN_LENGTH} characters. A few unrelated words work well.` }
            : {})}
          error={errors.passphrase}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete={creating ? 'new-password' : 'current-password'}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        {creating && (
          <Field label="Passphrase again" error={errors.repeat}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Opening…' : creating ? 'Protect and continue' : 'Unlock'}
          </button>
          <button type="button" onClick={() => void cancel()}>
            Sign out
          </button>
        </div>
      </form>
      {creating ? (
        <RestoreBackup onReady={refresh} />
      ) : withPassword ? (
        <p>
          Forgotten your password? Ask your agency’s lead for a password-reset code, then choose{' '}
          <strong>Sign out</strong> and sign in again with your new password.
        </p>
      ) : (
        <RecoverWithKey onReady={refresh} />
      )}
    </main>
  );
};
