import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { Client } from '#src/contract.ts';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useRouter } from '#renderer/app/router.ts';
import { useNotice } from '#renderer/app/notice.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { Field, Problem } from '#renderer/components/forms.tsx';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What an erasure did, for the client list (no name: the person is gone). */
const erasedWords = (done: {
  cases: number;
  records: number;
  cancelledReferrals: number;
  cancelledMessages: number;
  networkReferrals: number;
}): string =>
  [
    done.cases === 0
      ? 'The client was erased from this computer.'
      : `The client was erased from this computer, with ${count(done.cases, 'case', 'cases')} and ${count(done.records, 'note, task, document or outcome', 'notes, tasks, documents and outcomes')}.`,
    'A record that an erasure happened is kept, without their details.',
    done.cancelledReferrals + done.cancelledMessages > 0 &&
      `Not sent yet, so cancelled: ${[
        done.cancelledReferrals > 0 && count(done.cancelledReferrals, 'referral', 'referrals'),
        done.cancelledMessages > 0 && count(done.cancelledMessages, 'note', 'notes'),
      ]
        .filter((part): part is string => typeof part === 'string')
        .join(' and ')}.`,
    done.networkReferrals > 0 &&
      `The network is erasing them from ${count(done.networkReferrals, 'referral', 'referrals')}, and the other agencies are told.`,
  ]
    .filter((part): part is string => typeof part === 'string')
    .join(' ');

/** A client's rights: a copy of everything held, and erasure on request. */
export const DataProtection = ({ client }: { client: Client }) => {
  const go = useRouter((s) => s.go);
  const [problem, setProblem] = useState<string | null>(null);
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  const [confirmName, setConfirmName] = useState('');
  // What has not been sent yet about the client is cancelled with the erasure (#5).
  const loadUnsent = useCallback(
    () => call('clients.erasureImpact', { id: client.id }),
    [client.id],
  );
  const [unsent] = useDeskQuery(loadUnsent, ['referrals', 'sync']);
  const unsentReferrals = unsent?.ok === true ? unsent.value.unsentReferrals : 0;
  const unsentMessages = unsent?.ok === true ? unsent.value.unsentMessages : 0;
  const networkReferrals = unsent?.ok === true ? unsent.value.networkReferrals : 0;

  const exportAll = async () => {
    const result = await call('clients.subjectAccess', { id: client.id });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    if (download !== null) URL.revokeObjectURL(download.url);
    const url = URL.createObjectURL(new Blob([result.value.text], { type: 'text/plain' }));
    setDownload({ url, fileName: result.value.fileName });
  };

  const erase = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await call('clients.erase', { id: client.id, confirmName });
    if (!result.ok) {
      setProblem(reasonText(result.reason));
      return;
    }
    useNotice.getState().show(erasedWords(result.value));
    go({ name: 'clients' });
  };

  return (
    <section aria-labelledby="dp-heading">
      <h2 id="dp-heading">Data protection</h2>
      <Problem message={problem} />
      <p>
        <button type="button" onClick={() => void exportAll()}>
          Prepare a copy of everything held about {client.name}
        </button>
      </p>
      {download !== null && (
        <p role="status">
          Ready:{' '}
          <a href={download.url} download={download.fileName}>
            Save {download.fileName}
          </a>
        </p>
      )}
      <details>
        <summary>Erase {client.name} from this computer</summary>
        <p>
          This removes their details, cases, notes, tasks, documents and outcomes from this computer
          for good. A record that an erasure happened is kept, without their details.
        </p>
        {networkReferrals > 0 && (
          <p>
            {networkReferrals === 1
              ? `The network’s copy of ${client.name}’s referral is erased too, and the other agency is told.`
              : `The network’s copies of ${client.name}’s ${networkReferrals} referrals are erased too, and the other agencies are told.`}{' '}
            Each agency keeps its own records: if the client wants those erased as well, they (or
            you, with their agreement) should ask that agency.
          </p>
        )}
        {unsentReferrals + unsentMessages > 0 && (
          <div className="notice" role="note" aria-label="Not sent yet">
            <p>Some things about {client.name} have not been sent to the network yet.</p>
            <ul>
              {unsentReferrals > 0 && (
                <li>
                  {unsentReferrals === 1
                    ? '1 referral not yet sent will be cancelled.'
                    : `${unsentReferrals} referrals not yet sent will be cancelled.`}
                </li>
              )}
              {unsentMessages > 0 && (
                <li>
                  {unsentMessages === 1
                    ? '1 note not yet sent will be cancelled.'
                    : `${unsentMessages} notes not yet sent will be cancelled.`}
                </li>
              )}
            </ul>
          </div>
        )}
        <form onSubmit={(e) => void erase(e)} noValidate className="form">
          <Field label="Type the client’s full name to confirm">
            {(p) => (
              <input
                {...p}
                type="text"
                autoComplete="off"
                value={confirmName}
                onChange={(e) => setConfirmName(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="danger">
            Erase for good
          </button>
        </form>
      </details>
    </section>
  );
};
