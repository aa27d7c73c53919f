import { isOwnAgency } from '#src/directory/own-agency.ts';
import { useMe } from '#renderer/features/directory/role.ts';
import type { ServiceHit } from '#src/directory/search.ts';
import type { Service } from '#src/wire/directory.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { isReceiving } from '#src/directory/receiving.ts';
import { href } from '#renderer/app/router.ts';
import { formatDate } from '#renderer/components/format.ts';
import { useIssueLabel } from '#renderer/features/directory/issues.ts';

const receivingToday = (service: Service): boolean =>
  isReceiving(service.receiving, londonDate(new Date()));

/** Whether a service is taking referrals today, in words. */
export const ReceivingNote = ({ service }: { service: Service }) => {
  const { state, until, reason } = service.receiving;
  if (receivingToday(service)) return <span className="tag tag-receiving">Taking referrals</span>;
  const why = reason ? `: ${reason}` : '';
  if (state === 'paused')
    return (
      <span className="tag tag-paused">
        Paused{until ? ` until ${formatDate(until)}` : ''}
        {why}
      </span>
    );
  return <span className="tag tag-paused">Not taking referrals{why}</span>;
};

type Props = {
  hits: ServiceHit[];
  onChoose?: (service: Service) => void;
  chooseLabel?: string;
  /** Offer every service (signposting: telling a client about one sends nothing). */
  chooseAny?: boolean;
};

export const ServiceList = ({ hits, onChoose: offer, chooseLabel, chooseAny = false }: Props) => {
  const issueLabel = useIssueLabel();
  const ownOrganisationId = useMe()?.organisation?.id ?? null;
  // Referring (not signposting) goes to another agency only: the server refuses one's own (#12).
  const mayChoose = (service: Service) => chooseAny || !isOwnAgency(service, ownOrganisationId);
  return (
    <ul className="services">
      {hits.map(({ service: s, receivingNow, exclusions, specific, alternatives }) => {
        const own = isOwnAgency(s, ownOrganisationId);
        const onChoose = mayChoose(s) ? offer : undefined;
        return (
          <li key={s.id} className="service">
            <h3>
              <a href={href({ name: 'service', id: s.id })}>{s.name}</a>
            </h3>
            <p className="org">
              {s.organization_name}
              {own && <span className="tag tag-own"> Your agency</span>}
            </p>
            {own && offer !== undefined && !chooseAny && (
              <p className="hint">
                This is your own agency’s service: a referral goes through the network to another
                agency, so arrange help here with your colleagues directly.
              </p>
            )}
            <p>
              <ReceivingNote service={s} />
              {exclusions.length === 0 && specific > 0 && (
                <span className="tag tag-receiving"> Matches this client</span>
              )}
            </p>
            {exclusions.length > 0 && (
              <div className="exclusions">
                <p>
                  <strong>This client may not be eligible:</strong>
                </p>
                <ul>
                  {exclusions.map((e) => (
                    <li key={e.rule}>{e.text}</li>
                  ))}
                </ul>
              </div>
            )}
            <p>{s.description}</p>
            {s.issues.length > 0 && (
              <p className="hint">Helps with: {s.issues.map(issueLabel).join(', ')}</p>
            )}
            {(s.phone ?? s.email) && (
              <p className="hint">
                {[s.phone, s.email].filter((x): x is string => x !== null).join(' · ')}
              </p>
            )}
            {onChoose && (chooseAny || (receivingNow && exclusions.length === 0)) && (
              <button
                type="button"
                onClick={() => onChoose(s)}
                aria-label={`${chooseLabel ?? 'Choose'}: ${s.name}, ${s.organization_name}`}
              >
                {chooseLabel ?? 'Choose'}
              </button>
            )}
            {onChoose && !chooseAny && receivingNow && exclusions.length > 0 && (
              // Allowed, but the next step asks why the rules should not apply (#4).
              <button
                type="button"
                onClick={() => onChoose(s)}
                aria-label={`${chooseLabel ?? 'Choose'} anyway, with a reason: ${s.name}, ${s.organization_name}`}
              >
                {chooseLabel ?? 'Choose'} anyway, with a reason
              </button>
            )}
            {!receivingNow && alternatives !== undefined && alternatives.length > 0 && (
              <div className="alternatives">
                <p>
                  <strong>Can take this client instead:</strong>
                </p>
                <ul>
                  {alternatives.map((a) => (
                    <li key={a.id}>
                      <a href={href({ name: 'service', id: a.id })}>{a.name}</a>,{' '}
                      {a.organization_name}
                      {isOwnAgency(a, ownOrganisationId) && ' (your agency)'}
                      {offer && mayChoose(a) && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link"
                            onClick={() => offer(a)}
                            aria-label={`${chooseLabel ?? 'Choose'} instead: ${a.name}, ${a.organization_name}`}
                          >
                            {chooseLabel ?? 'Choose'}
                          </button>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {!receivingNow && (
              <p>
                <a href={href({ name: 'service', id: s.id })}>
                  Who can take referrals instead of {s.name}
                </a>
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
};
