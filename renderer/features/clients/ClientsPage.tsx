import { useEffect, useState } from 'react';
import type { SearchHit, SearchMatch } from '#src/casework/schemas.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { useNotice } from '#renderer/app/notice.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';

const MATCH_WORDS: Record<SearchMatch, string> = {
  name: 'Name',
  reference: 'Case reference',
  'date-of-birth': 'Date of birth',
  phone: 'Phone',
  postcode: 'Postcode',
  note: 'Case note',
  recent: 'Recently changed',
};

const Why = ({ hit }: { hit: SearchHit }) => (
  <>
    {MATCH_WORDS[hit.match]}
    {hit.caseId !== null && hit.caseReference !== null && (
      <>
        {' '}
        in <a href={href({ name: 'case', id: hit.caseId })}>{hit.caseReference}</a>
      </>
    )}
    {hit.snippet !== null && <span className="snippet">: “{hit.snippet}”</span>}
  </>
);

export const ClientsPage = () => {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  // What the last screen did (an erasure), said here once.
  const [notice] = useState(() => useNotice.getState().text);
  useEffect(() => {
    useNotice.getState().clear();
  }, []);

  useEffect(() => {
    let current = true;
    void call('casework.search', { text }).then((found) => {
      if (current) setHits(found);
    });
    return () => {
      current = false;
    };
  }, [text]);

  return (
    <>
      <div className="page-head">
        <PageHeading>Clients</PageHeading>
        <a className="button" href={href({ name: 'client-import' })}>
          Import a client list
        </a>
        <a className="button primary" href={href({ name: 'client-new' })}>
          Add a client
        </a>
      </div>
      {notice !== null && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <search className="search">
        <label htmlFor="client-search">Find a client</label>
        <p className="hint" id="client-search-hint">
          Name (any order), date of birth, postcode, phone, case reference, or words from a note
        </p>
        <input
          id="client-search"
          type="search"
          aria-describedby="client-search-hint"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </search>
      {hits === null ? null : hits.length === 0 ? (
        <p role="status">
          {text ? 'No client matches that search.' : 'No clients yet. Add your first client.'}
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">Clients</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Postcode</th>
              <th scope="col">Found by</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr key={h.clientId}>
                <td>
                  <a href={href({ name: 'client', id: h.clientId })}>{h.name}</a>
                </td>
                <td>{h.dateOfBirth ? formatDate(h.dateOfBirth) : '—'}</td>
                <td>{h.postcode ?? '—'}</td>
                <td>
                  <Why hit={h} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
