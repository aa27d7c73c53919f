import { useCallback } from 'react';
import { reasonText } from '#src/reasons.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { ClientForm } from '#renderer/features/clients/ClientForm.tsx';

export const ClientEdit = ({ id }: { id: string }) => {
  const load = useCallback(() => call('clients.get', { id }), [id]);
  // No topics: reloading while the adviser types would throw away their changes.
  const [found] = useDeskQuery(load, []);
  if (found === null) return <p>Loading…</p>;
  if (!found.ok) return <Problem message={reasonText(found.reason)} />;
  return (
    <>
      <PageHeading>Change {found.value.name}’s details</PageHeading>
      <ClientForm client={found.value} />
    </>
  );
};
