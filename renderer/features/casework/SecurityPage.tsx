import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { SecuritySettings } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { AUTO_LOCK_MINUTES, setDeskSettingsSchema } from '#src/wire/desk-settings.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import {
  ErrorSummary,
  Field,
  PageHeading,
  Problem,
  zodFieldErrors,
} from '#renderer/components/forms.tsx';
import type { FieldErrors } from '#renderer/components/forms.tsx';
import {
  ChangePassphrase,
  ChangeStoreKey,
  NewRecoveryKey,
} from '#renderer/features/casework/KeySections.tsx';

const minutes = (n: number): string => `${String(n)} minute${n === 1 ? '' : 's'}`;

/**
 * Keeping the casework on this computer safe (#5): when Handover locks
 * itself, the passphrase, the recovery key and the key itself. Keys never
 * reach this page; only what the adviser types and the answers in words.
 */
export const SecurityPage = () => {
  const load = useCallback(() => call('security.settings', {}), []);
  const [settings, reload] = useDeskQuery(load, ['session']);
  if (settings === null) return <p>Loading…</p>;
  const passphrase = settings.keyCustody === 'passphrase';
  return (
    <>
      <PageHeading>Keeping your casework safe</PageHeading>
      <p>
        Your clients’ details are kept on this computer, encrypted.{' '}
        {passphrase
          ? 'Your passphrase protects the key that opens them.'
          : 'This computer’s keychain holds the key that opens them.'}
      </p>
      <AutoLock settings={settings} onSaved={reload} />
      {passphrase && <ChangePassphrase />}
      <NewRecoveryKey needsPassphrase={passphrase} />
      <ChangeStoreKey needsPassphrase={passphrase} />
    </>
  );
};

const AutoLock = ({
  settings,
  onSaved,
}: {
  settings: SecuritySettings;
  onSaved: () => Promise<void>;
}) => {
  const [text, setText] = useState(String(settings.autoLockMinutes));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(null);
    setProblem(null);
    const parsed = setDeskSettingsSchema.safeParse({
      autoLockMinutes: text.trim() === '' ? Number.NaN : Number(text),
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    const result = await call('security.setAutoLock', parsed.data);
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    await onSaved();
    setSaved(
      `Saved. Your agency’s computers will lock after ${minutes(parsed.data.autoLockMinutes)} without use.`,
    );
  };

  return (
    <section aria-labelledby="auto-lock-heading">
      <h2 id="auto-lock-heading">Locking when nobody is using it</h2>
      <p>
        Handover locks itself after {minutes(settings.autoLockMinutes)} without anyone using the
        keyboard or mouse, so nobody walking past can read your clients’ details. Use{' '}
        <strong>Lock</strong> at the top of the page to lock it straight away.
      </p>
      {settings.canChangeAutoLock ? (
        <>
          <ErrorSummary errors={errors} labels={{ autoLockMinutes: 'Minutes' }} />
          <Problem message={problem} />
          {saved !== null && <p role="status">{saved}</p>}
          <form onSubmit={(e) => void save(e)} noValidate className="form">
            <Field
              label="Lock after this many minutes without use"
              hint={`For everyone at your agency, from ${String(AUTO_LOCK_MINUTES.min)} to ${String(AUTO_LOCK_MINUTES.max)} minutes. Their computers pick it up within a few minutes.`}
              error={errors.autoLockMinutes}
            >
              {(p) => (
                <input
                  {...p}
                  type="text"
                  inputMode="numeric"
                  className="short"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="primary">
              Save
            </button>
          </form>
        </>
      ) : (
        <p>Your agency’s lead chooses how long this is.</p>
      )}
    </section>
  );
};
