import { useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useSession } from '#renderer/app/session.ts';

/** Locks the desk now: every client detail leaves the screen until the passphrase is given. */
export const LockButton = () => {
  const set = useSession((s) => s.set);
  const [problem, setProblem] = useState<string | null>(null);
  const lock = async () => {
    const result = await call('session.lock', {});
    if (result.ok) set(result.value);
    else setProblem(reasonText(result.reason));
  };
  return (
    <>
      <button type="button" onClick={() => void lock()}>
        Lock
      </button>
      {problem !== null && (
        <span role="alert" className="lock-problem">
          {problem}
        </span>
      )}
    </>
  );
};
