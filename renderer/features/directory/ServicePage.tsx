import { useCallback, useState } from 'react';
import { reasonText } from '#src/reasons.ts';
import { openingTimesOf } from '#src/wire/service-edit.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { call } from '#renderer/bridge.ts';
import { useDeskQuery } from '#renderer/app/query.ts';
import { href } from '#renderer/app/router.ts';
import { PageHeading, Problem } from '#renderer/components/forms.tsx';
import { formatDate } from '#renderer/components/format.ts';
import { CAPACITY_WORDS, ReceivingForm } from '#renderer/features/directory/ReceivingForm.tsx';
import { ReceivingNote } from '#renderer/features/directory/ServiceList.tsx';
import { SignpostButton } from '#renderer/features/directory/Signposting.tsx';
import { ReviewPanel } from '#renderer/features/directory/Reviews.tsx';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';

const Details = ({ view }: { view: ServiceView }) => {
  const s = view.service;
  const issueLabel = useIssueLabel();
  const ages =
    s.minimum_age === null && s.maximum_age === null
      ? null
      : s.maximum_age === null
        ? `${s.minimum_age ?? 0} and over`
        : `${s.minimum_age ?? 0} to ${s.maximum_age}`;
  const rows: [string, string][] = [
    ['Helps with', s.issues.map(issueLabel).join(', ')],
    ['Who it is for', s.eligibility_description],
    ['Ages', ages ?? ''],
    ['Areas served', s.areas.length === 0 ? 'Anywhere in the network' : s.areas.join(', ')],
    ['Other criteria', s.eligibility.other_criteria.join('; ')],
    ['How to refer', s.application_process],
    ['What the team needs', s.referral_requirements],
    ['Cost', s.fees_description],
    ['Opening times', openingTimesOf(s)],
    ['Languages', s.languages.map((l) => l.name).join(', ')],
    ['Contact', [s.phone, s.email].filter((x): x is string => x !== null).join(' · ')],
    [
      'Contact person',
      [s.contacts[0]?.name, s.contacts[0]?.phone, s.contacts[0]?.email]
        .filter((x): x is string => typeof x === 'string' && x !== '')
        .join(' · '),
    ],
    ['Self-referrals', s.accepts_self_referral ? 'Accepted' : 'Not accepted'],
    ['Last checked', s.assured_date === null ? '' : formatDate(s.assured_date)],
  ];
  return (
    <dl className="summary">
      {rows
        .filter(([, value]) => value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
};

/** One service: what it offers, whether it takes referrals today, and who can instead. */
export const ServicePage = ({ id }: { id: string }) => {
  const load = useCallback(() => call('directory.get', { id }), [id]);
  const [loaded] = useDeskQuery(load, ['directory', 'sync']);
  const [saved, setSaved] = useState<string | null>(null);
  const issueLabel = useIssueLabel();
  if (loaded === null) return null;
  if (!loaded.ok) return <Problem message={reasonText(loaded.reason)} />;
  const view = loaded.value;
  const { service } = view;
  return (
    <>
      <PageHeading>{service.name}</PageHeading>
      <p className="org">
        <a
          href={href({ name: 'directory-page', page: 'organisation', id: service.organization_id })}
        >
          {service.organization_name}
        </a>
      </p>
      <p>
        <ReceivingNote service={service} />{' '}
        <span className="tag">{CAPACITY_WORDS[service.capacity.status]}</span>
        {service.capacity.places !== null && (
          <span className="hint">
            {' '}
            {service.capacity.places} {service.capacity.places === 1 ? 'place' : 'places'} free
          </span>
        )}
      </p>
      <p role="status" className="hint">
        {view.waitingToSend
          ? 'Your change is saved on this computer and will be sent when the network is reachable.'
          : (saved ?? '')}
      </p>
      {view.refused !== null && (
        <Problem message={`Your last change was not made: ${reasonText(view.refused)}`} />
      )}
      <p>{service.description}</p>
      <Details view={view} />
      {!view.receivingNow && (
        <section aria-labelledby="alternatives">
          <h2 id="alternatives">Services that can take referrals instead</h2>
          {view.alternatives.length === 0 ? (
            <p>
              No other service in the network takes referrals for these issues today. You can still
              give the client the service’s details.
            </p>
          ) : (
            <ul className="alternatives">
              {view.alternatives.map((s) => (
                <li key={s.id}>
                  <a href={href({ name: 'service', id: s.id })}>{s.name}</a>, {s.organization_name}
                  <span className="hint"> · helps with {s.issues.map(issueLabel).join(', ')}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ReviewPanel view={view} />
      <SignpostButton service={service} />
      {view.canEdit && (
        <ReceivingForm
          key={service.updated_at}
          view={view}
          onSaved={(next) =>
            setSaved(next.waitingToSend ? null : 'Saved. Every desk in the network now sees it.')
          }
        />
      )}
    </>
  );
};
