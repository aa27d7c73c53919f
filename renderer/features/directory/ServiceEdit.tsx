import { useCallback, useState } from 'react';
import type { ServiceChangeOutcome } from '#src/contract.ts';
import type { Result } from '#src/result.ts';
import { reasonText, type Reason } from '#src/reasons.ts';
import type { ServiceEditInput } from '#src/wire/service-edit.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { useRouter } from '#renderer/app/router.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { ServiceForm } from '#renderer/features/directory/ServiceForm.tsx';
import { useMe } from '#renderer/features/directory/role.ts';

/** After saving: the service's page, or why not. */
const useSave = () => {
  const go = useRouter((s) => s.go);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (send: () => Promise<Result<ServiceChangeOutcome, Reason>>) => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await send();
      if (!result.ok) setProblem(reasonText(result.reason));
      else if (result.value.refused !== null) setProblem(reasonText(result.value.refused));
      else go({ name: 'service', id: result.value.serviceId });
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, save };
};

/** A lead (or the coordinator) changes a service's details (#4). */
export const ServiceEditPage = ({ id }: { id: string }) => {
  const load = useCallback(() => call('directory.get', { id }), [id]);
  const [loaded] = useDeskQuery(load, []);
  const { busy, problem, save } = useSave();
  if (loaded === null) return <p className="loading">Loading…</p>;
  if (!loaded.ok) return <Problem message={reasonText(loaded.reason)} />;
  const { service, canEdit } = loaded.value;
  if (!canEdit) return <Problem message={reasonText('forbidden')} />;
  return (
    <>
      <PageHeading>Change the details of {service.name}</PageHeading>
      <p>
        Every desk in the network, the public directory and the open data see these details. Saving
        also records that you checked them today.
      </p>
      <Problem message={problem} />
      <ServiceForm
        service={service}
        submitLabel="Save the details"
        busy={busy}
        onSubmit={(edit: ServiceEditInput) =>
          void save(() => call('directory.update', { serviceId: service.id, edit }))
        }
      />
    </>
  );
};

const loadOrganisations = () => call('network.organisations', {});

/** A lead adds a service for their agency (a coordinator, for any); it starts paused. */
export const ServiceNewPage = () => {
  const me = useMe();
  const coordinator = me?.user.role === 'coordinator';
  const [organisations] = useDeskQuery(
    useCallback(() => (coordinator ? loadOrganisations() : Promise.resolve(null)), [coordinator]),
    [],
  );
  const [organisationId, setOrganisationId] = useState('');
  const { busy, problem, save } = useSave();
  const [choose, setChoose] = useState<string | null>(null);
  return (
    <>
      <PageHeading>Add a service</PageHeading>
      <p>
        The new service is paused when it is added: advisers see it, but cannot refer to it until
        you turn referrals on from its page.
      </p>
      <Problem message={problem ?? choose} />
      {coordinator && (
        <div className="field">
          <label htmlFor="new-service-organisation">Agency it belongs to</label>
          <select
            id="new-service-organisation"
            value={organisationId}
            onChange={(e) => setOrganisationId(e.target.value)}
          >
            <option value="">Choose…</option>
            {organisations?.ok === true &&
              organisations.value.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </div>
      )}
      <ServiceForm
        submitLabel="Add the service"
        busy={busy}
        onSubmit={(edit) => {
          if (coordinator && organisationId === '') {
            setChoose('Choose the agency the service belongs to.');
            return;
          }
          setChoose(null);
          void save(() =>
            call('directory.create', { organisationId: coordinator ? organisationId : null, edit }),
          );
        }}
      />
    </>
  );
};
