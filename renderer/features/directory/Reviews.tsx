import { useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { useMe } from '#renderer/features/directory/role.ts';

const lastChecked = (date: string | null): string =>
  date === null ? 'Never checked' : `Last checked ${formatDate(date)}`;

/** On a service's page, for whoever may edit it: when it was checked, and the ways to keep it true. */
export const ReviewPanel = ({ view }: { view: ServiceView }) => {
  const [done, setDone] = useState<string | null>(null);
  if (!view.canEdit) return null;
  const { service } = view;
  const confirm = async () => {
    const result = await call('directory.confirmReview', { serviceId: service.id });
    setDone(
      !result.ok
        ? reasonText(result.reason)
        : result.value.refused !== null
          ? reasonText(result.value.refused)
          : result.value.waitingToSend
            ? 'Confirmed on this computer. It reaches the network when this computer is connected.'
            : 'Confirmed: the details are marked as checked today.',
    );
  };
  return (
    <section aria-labelledby="keep-true" className={view.reviewDue ? 'aware' : undefined}>
      <h2 id="keep-true">Keeping this record true</h2>
      <p>
        {lastChecked(service.assured_date)}.{' '}
        {view.reviewDue && (
          <strong>
            Due for review: check the details are still right, then confirm or change them.
          </strong>
        )}
      </p>
      <p className="actions">
        <a className="button" href={href({ name: 'directory-page', page: 'edit', id: service.id })}>
          Change the details
        </a>
        <button type="button" onClick={() => void confirm()}>
          The details are still right
        </button>
      </p>
      <p role="status">{done ?? ''}</p>
    </section>
  );
};

const loadReviews = () => call('directory.reviews', {});

/**
 * The services whose records the user keeps (#4): a lead's own agency's,
 * or every one for the coordinator, those due for review first.
 */
export const ReviewList = () => {
  const me = useMe();
  const [reviews] = useDeskQuery(loadReviews, ['directory']);
  const coordinator = me?.user.role === 'coordinator';
  const due = reviews?.filter((r) => r.due).length ?? 0;
  return (
    <>
      <PageHeading>
        {coordinator ? 'Services due for review' : 'Your agency’s services'}
      </PageHeading>
      <p>
        Every service’s details should be checked at least every{' '}
        {me?.network.settings.reviewMonths ?? 12} months, so advisers and the public can trust them.
      </p>
      <p className="actions">
        <a className="button" href={href({ name: 'directory-page', page: 'new' })}>
          Add a service
        </a>
        {!coordinator && me?.organisation && (
          <a
            className="button"
            href={href({ name: 'directory-page', page: 'organisation', id: me.organisation.id })}
          >
            Your agency’s details
          </a>
        )}
      </p>
      {reviews !== null && (
        <p role="status">
          {due === 0
            ? 'No service is due for review.'
            : `${due} ${due === 1 ? 'service is' : 'services are'} due for review.`}
        </p>
      )}
      <ul className="services">
        {(coordinator ? (reviews ?? []).filter((r) => r.due) : (reviews ?? [])).map(
          ({ service, due: isDue }) => (
            <li key={service.id} className="service">
              <h3>
                <a href={href({ name: 'service', id: service.id })}>{service.name}</a>
              </h3>
              {coordinator && <p className="org">{service.organization_name}</p>}
              <p>
                {isDue && <span className="tag tag-paused">Due for review</span>}{' '}
                {lastChecked(service.assured_date)}
              </p>
            </li>
          ),
        )}
      </ul>
    </>
  );
};

/** On the directory page, for a lead: how many of their records need checking. */
export const ReviewReminder = () => {
  const me = useMe();
  const [reviews] = useDeskQuery(loadReviews, ['directory']);
  if (me?.user.role !== 'lead' || reviews === null) return null;
  const due = reviews.filter((r) => r.due).length;
  return (
    <p className={due > 0 ? 'notice' : undefined}>
      {due > 0 && (
        <>
          <strong>
            {due} of your agency’s {due === 1 ? 'services is' : 'services are'} due for review.
          </strong>{' '}
        </>
      )}
      <a href={href({ name: 'directory-page', page: 'mine' })}>Your agency’s services</a>
    </p>
  );
};
