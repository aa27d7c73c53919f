import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { href, useRouter } from '#renderer/app/router.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, PageHeading, Problem } from '#renderer/components/forms.tsx';

/** Asks again on each new screen (`screen`), so the banner goes once the key is confirmed. */
const useRecoveryKey = (screen = '') => {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- screen is the reason to ask again
  const load = useCallback(() => call('keys.recoveryKey', {}), [screen]);
  return useDeskQuery(load, ['session']);
};

/**
 * Shown on every screen while a new recovery key has not been confirmed as
 * saved. It holds no secret itself: the key is on its own page.
 */
export const RecoveryKeyBanner = () => {
  const route = useRouter((s) => s.route);
  const [data] = useRecoveryKey(window.location.hash);
  if (data?.recoveryKey == null || route.name === 'recovery-key') return null;
  return (
    <div className="notice recovery-banner" role="region" aria-label="Recovery key">
      <p>
        <strong>Save your recovery key.</strong> It is the only way back into your casework if you
        forget your passphrase or this computer is replaced.{' '}
        <a href={href({ name: 'recovery-key' })}>Show my recovery key</a>
      </p>
    </div>
  );
};

/** The recovery key, once, and a check that the adviser wrote it down. */
export const RecoveryKeyPage = () => {
  const go = useRouter((s) => s.go);
  const [data, reload] = useRecoveryKey();
  const [lastGroup, setLastGroup] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (data === null) return <p>Loading…</p>;
  const key = data.recoveryKey;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await call('keys.confirmRecoverySaved', { lastGroup });
    if (result.ok) {
      await reload();
      go({ name: 'clients' });
    } else setProblem(reasonText(result.reason));
  };

  if (key === null) {
    return (
      <>
        <PageHeading>Your recovery key</PageHeading>
        <p>
          Your recovery key has been saved. Handover does not keep a copy, so it cannot show it
          again.
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeading>Save your recovery key</PageHeading>
      <p>
        Write this down, or print it, and keep it somewhere safe away from this computer (for
        example, your agency’s locked cabinet). Anyone with it and this computer’s casework file can
        read your clients’ details.
      </p>
      <p className="recovery-key">{key}</p>
      <p>
        You will need it if you forget your passphrase, if this computer’s keychain is reset, or to
        restore a backup onto a new computer. Handover will not show it again.
      </p>
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field
          label="The last four characters of your recovery key"
          hint="To check you have saved it"
        >
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              className="short"
              value={lastGroup}
              onChange={(e) => setLastGroup(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          I have saved it
        </button>
      </form>
    </>
  );
};

/** On the unlock screen: reopen the casework with the recovery key and choose a new passphrase. */
export const RecoverWithKey = ({ onReady }: { onReady: () => Promise<void> }) => {
  const [recoveryKey, setRecoveryKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await call('session.recover', { recoveryKey, newPassphrase: passphrase });
    if (result.ok) await onReady();
    else setProblem(reasonText(result.reason));
  };
  return (
    <details className="recover">
      <summary>Forgotten your passphrase? Use your recovery key</summary>
      <Problem message={problem} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <Field label="Recovery key" hint="Eight groups of four letters and numbers">
          {(p) => (
            <input
              {...p}
              type="text"
              autoComplete="off"
              value={recoveryKey}
              onChange={(e) => setRecoveryKey(e.target.value)}
            />
          )}
        </Field>
        <Field label="New passphrase" hint="At least 10 characters">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        <button type="submit">Reopen my casework</button>
      </form>
    </details>
  );
};
