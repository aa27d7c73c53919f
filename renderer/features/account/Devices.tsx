import { useCallback, useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Problem } from '#renderer/components/forms.tsx';

const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Where the user is signed in; any other device can be signed out from here. */
export const Devices = () => {
  const load = useCallback(() => call('account.devices', {}), []);
  const [devices, reload] = useDeskQuery(load, ['session']);
  const [problem, setProblem] = useState<string | null>(null);
  const signOut = async (id: string) => {
    const result = await call('account.signOutDevice', { id });
    setProblem(result.ok ? null : reasonText(result.reason));
    await reload();
  };
  return (
    <section aria-labelledby="devices">
      <h2 id="devices">Where you are signed in</h2>
      <Problem message={problem} />
      {devices === null ? (
        <p className="loading">Loading…</p>
      ) : !devices.ok ? (
        <Problem message={reasonText(devices.reason)} />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.value.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.device}
                  {d.current && ' (this computer)'}
                </td>
                <td>{when(d.createdAt)}</td>
                <td>{when(d.lastSeenAt)}</td>
                <td>
                  {!d.current && (
                    <button type="button" onClick={() => void signOut(d.id)}>
                      Sign out <span className="visually-hidden">{d.device}</span>
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
