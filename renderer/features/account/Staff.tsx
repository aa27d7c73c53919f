import { useCallback, useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import { resetDelivery, type AccountRef } from '#src/roles.ts';
import type { Account, ResetResponse } from '#src/wire/accounts.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Problem } from '#renderer/components/forms.tsx';

/** What the person who pressed "Reset password" is told (#12): the code only when theirs to pass on. */
const ResetDone = ({ reset }: { reset: ResetResponse & { name: string } }) => {
  if (reset.code === undefined) {
    return (
      <div role="status" className="notice">
        <p>
          {reset.emailed
            ? `A password-reset code has been emailed to ${reset.name}, and only to them. Their agency’s lead has been told.`
            : `This network sends no email, so ${reset.name}’s agency lead has been asked to make the reset code and give it to them. It is waiting on the lead’s Account page.`}
        </p>
      </div>
    );
  }
  return (
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
  );
};

/** Leads of each agency, to know whether a coordinator's reset may fall back to one. */
const leadsBy = (users: readonly Account[]): Map<string, string[]> => {
  const leads = new Map<string, string[]>();
  for (const u of users) {
    if (u.role !== 'lead' || u.organisationId === null || u.disabled) continue;
    leads.set(u.organisationId, [...(leads.get(u.organisationId) ?? []), u.id]);
  }
  return leads;
};

/**
 * A lead's view of the agency's accounts: disabling one signs it out
 * everywhere at once, and its desk locks the casework. A password reset
 * follows src/roles.ts (`resetDelivery`): the button shows only where the
 * user may reset, and says whether they will be given the code or ask for it.
 */
export const Staff = ({ me, network = false }: { me: AccountRef; network?: boolean }) => {
  const meId = me.id;
  // A coordinator manages leads and advisers across the network; a lead, their advisers.
  const manageable = (role: string) => role === 'adviser' || (network && role === 'lead');
  const load = useCallback(() => call('account.users', {}), []);
  const [users, reload] = useDeskQuery(load, ['session']);
  const [problem, setProblem] = useState<string | null>(null);
  const [reset, setReset] = useState<(ResetResponse & { name: string }) | null>(null);
  const resetPassword = async (id: string, name: string) => {
    const result = await call('account.resetPassword', { id });
    setReset(result.ok ? { name, ...result.value } : null);
    setProblem(result.ok ? null : reasonText(result.reason));
  };
  const leads = users?.ok === true ? leadsBy(users.value) : new Map<string, string[]>();
  const deliveryFor = (u: Account) =>
    resetDelivery(
      me,
      u,
      (u.organisationId === null ? [] : (leads.get(u.organisationId) ?? [])).filter(
        (id) => id !== u.id,
      ).length,
    );
  const set = async (id: string, disabled: boolean) => {
    const result = await call('account.setDisabled', { id, disabled });
    setProblem(result.ok ? null : reasonText(result.reason));
    await reload();
  };
  return (
    <section aria-labelledby="staff">
      <h2 id="staff">{network ? 'Accounts in the network' : 'Your agency’s accounts'}</h2>
      <Problem message={problem} />
      {reset !== null && <ResetDone reset={reset} />}
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
                  {!u.disabled && deliveryFor(u) !== null && (
                    <button type="button" onClick={() => void resetPassword(u.id, u.name)}>
                      {deliveryFor(u) === 'shown' ? 'Reset password' : 'Ask for a password reset'}{' '}
                      <span className="visually-hidden">for {u.name}</span>
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
