import { useCallback, useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';

/**
 * The network's two-factor rule: when on, every lead and coordinator must
 * sign in with a code from an authenticator app (those without one are asked
 * to set it up at their next sign-in, and can do nothing else until they have).
 */
export const TwoFactorRulePage = () => {
  const load = useCallback(() => call('network.twoFactorRule', {}), []);
  const [rule, reload] = useDeskQuery(load, ['session']);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = async (required: boolean) => {
    setProblem(null);
    setSaved(null);
    const result = await call('network.setTwoFactorRule', { required });
    if (!result.ok) setProblem(reasonText(result.reason));
    else
      setSaved(
        required
          ? 'Saved: leads and coordinators must now use two-factor sign-in.'
          : 'Saved: two-factor sign-in is now a choice for everyone.',
      );
    await reload();
  };
  return (
    <>
      <PageHeading>Two-factor sign-in for the network</PageHeading>
      <p>
        Two-factor sign-in asks for a code from an app on the person’s phone as well as their
        password. Leads and coordinators can see more than advisers, so the network can require it
        of them. Advisers can always choose to use it.
      </p>
      <Problem message={problem} />
      {saved !== null && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
      {rule === null ? (
        <p className="loading">Loading…</p>
      ) : !rule.ok ? (
        <Problem message={reasonText(rule.reason)} />
      ) : rule.value.required ? (
        <>
          <p>
            <strong>Required now</strong> for leads and coordinators.
          </p>
          <button type="button" onClick={() => void set(false)}>
            Stop requiring two-factor sign-in
          </button>
        </>
      ) : (
        <>
          <p>
            <strong>Not required now.</strong> If you require it, leads and coordinators who have
            not set it up will be asked to at their next sign-in.
          </p>
          <button type="button" className="primary" onClick={() => void set(true)}>
            Require two-factor sign-in for leads and coordinators
          </button>
        </>
      )}
    </>
  );
};
