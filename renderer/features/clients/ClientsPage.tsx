import { useEffect, useState } from 'react';
import type { Client } from '#src/contract.ts';
import { call } from '#renderer/bridge.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';

export const ClientsPage = () => {
  const [text, setText] = useState('');
  const [clients, setClients] = useState<Client[] | null>(null);

  useEffect(() => {
    let current = true;
    void call('clients.search', { text }).then((found) => {
      if (current) setClients(found);
    });
    return () => {
      current = false;
    };
  }, [text]);

  return (
    <>
      <div className="page-head">
        <PageHeading>Clients</PageHeading>
        <a className="button primary" href={href({ name: 'client-new' })}>
          Add a client
        </a>
      </div>
      <search className="search">
        <label htmlFor="client-search">Find a client</label>
        <p className="hint" id="client-search-hint">
          Name (any order), postcode, phone or email
        </p>
        <input
          id="client-search"
          type="search"
          aria-describedby="client-search-hint"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </search>
      {clients === null ? null : clients.length === 0 ? (
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
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={href({ name: 'client', id: c.id })}>{c.name}</a>
                </td>
                <td>{c.dateOfBirth ? formatDate(c.dateOfBirth) : '—'}</td>
                <td>{c.postcode ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
