import { useCallback, useState } from 'react';
import type { InvitationMade } from '#src/account-forms.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Problem } from '#renderer/components/forms.tsx';

/**
 * A lead's view of the agency's accounts: disabling one signs it out
 * everywhere at once, and its desk locks the casework.
 */
export const Staff = ({ meId, network = false }: { meId: string; network?: boolean }) => {
  // A coordinator manages leads and advisers across the network; a lead, their advisers.
  const manageable = (role: string) => role === 'adviser' || (network && role === 'lead');
  const load = useCallback(() => call('account.users', {}), []);
  const [users, reload] = useDeskQuery(load, ['session']);
  const [problem, setProblem] = useState<string | null>(null);
  const [reset, setReset] = useState<(InvitationMade & { name: string }) | null>(null);
  const resetPassword = async (id: string, name: string) => {
    const result = await call('account.resetPassword', { id });
    if (result.ok) setReset({ name, ...result.value });
    setProblem(result.ok ? null : reasonText(result.reason));
  };
  const set = async (id: string, disabled: boolean) => {
    const result = await call('account.setDisabled', { id, disabled });
    setProblem(result.ok ? null : reasonText(result.reason));
    await reload();
  };
  return (
    <section aria-labelledby="staff">
      <h2 id="staff">{network ? 'Accounts in the network' : 'Your agency’s accounts'}</h2>
      <Problem message={problem} />
      {reset !== null && (
        <div role="status" className="notice">
          <p>
            {reset.emailed
              ? `The password-reset code has been emailed to ${reset.name}. If it does not arrive, give it to them privately.`
              : `Give this password-reset code to ${reset.name} privately.`}{' '}
            It works once, for two days; they choose a new password with it, and are signed out
            everywhere:
          </p>
          <p className="code">
            <strong>{reset.code}</strong>
          </p>
        </div>
      )}
      {users === null ? (
        <p className="loading">Loading…</p>
      ) : !users.ok ? (
        <Problem message={reasonText(users.reason)} />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {users.value.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  {u.role === 'lead'
                    ? 'Lead'
                    : u.role === 'coordinator'
                      ? 'Coordinator'
                      : u.role === 'administrator'
                        ? 'Administrator'
                        : 'Adviser'}
                </td>
                <td>
                  {u.disabled ? 'Disabled ' : ''}
                  {u.id !== meId && manageable(u.role) && (
                    <button type="button" onClick={() => void set(u.id, !u.disabled)}>
                      {u.disabled ? 'Enable' : 'Disable'}{' '}
                      <span className="visually-hidden">{u.name}</span>
                    </button>
                  )}{' '}
                  {u.id !== meId && manageable(u.role) && !u.disabled && (
                    <button type="button" onClick={() => void resetPassword(u.id, u.name)}>
                      Reset password <span className="visually-hidden">for {u.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
