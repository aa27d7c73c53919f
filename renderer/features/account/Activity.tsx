import { useCallback } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Problem } from '#renderer/components/forms.tsx';

const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Audit actions in plain words; anything else shows its code. */
const WORDS: Record<string, string> = {
  'sign-in': 'Signed in',
  'sign-in.failed': 'Failed sign-in',
  'sign-out': 'Signed out',
  'referral.read': 'Looked at a referral',
  'referral.send': 'Sent a referral',
  'referral.acknowledge': 'Acknowledged a referral',
  'referral.accept': 'Accepted a referral',
  'referral.decline': 'Declined a referral',
  'referral.close': 'Closed a referral',
  'referral.withdraw': 'Withdrew a referral',
  'referral.note': 'Added a note to a referral',
  'invitation.create': 'Made an invitation',
  'invitation.accept.join': 'Joined with an invitation',
  'invitation.accept.reset': 'Reset their password',
  'user.disable': 'Disabled an account',
  'user.enable': 'Enabled an account',
  'agreement.accept': 'Accepted an agreement',
  'two-factor.on': 'Turned on two-factor sign-in',
  'two-factor.off': 'Turned off two-factor sign-in',
  'device.sign-out': 'Signed a device out',
};

/** The agency's part of the audit log, newest first: who did what, when (no client details). */
export const Activity = () => {
  const load = useCallback(() => call('account.audit', {}), []);
  const [entries] = useDeskQuery(load, ['session']);
  return (
    <section aria-labelledby="activity">
      <h2 id="activity">Recent activity in your agency</h2>
      {entries === null ? (
        <p className="loading">Loading…</p>
      ) : !entries.ok ? (
        <Problem message={reasonText(entries.reason)} />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.value.map((e) => (
              <tr key={e.n}>
                <td>{when(e.at)}</td>
                <td>{e.actorName ?? 'Someone not signed in'}</td>
                <td>{WORDS[e.action] ?? e.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
