import type { DeskReferral, ReferralLink } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { href } from '#renderer/app/router.ts';
import { formatDate } from '#renderer/components/format.ts';

/**
 * The redirect links on screen (#12): a referral sent on after it ended
 * without help says where to, linking to the new one; the new one says where
 * it was sent on from. Read from the desk's data, so every desk agrees.
 */
const where = (link: ReferralLink): string => `${link.serviceName}, ${link.organisationName}`;
const on = (link: ReferralLink): string => formatDate(londonDate(new Date(link.sentAt)));

/** "Sent on to Community pantry, Eastfield Housing Trust on Wed 2 Dec 2026", each a link. */
export const SentOnNote = ({ desk }: { desk: DeskReferral }) => {
  const onward = desk.sentOnTo ?? [];
  if (onward.length === 0) return null;
  return (
    <p className="notice">
      {onward.map((link, i) => (
        <span key={link.id}>
          {i > 0 && ' '}
          Sent on to <a href={href({ name: 'referral', id: link.id })}>{where(link)}</a> on{' '}
          {on(link)}.
        </span>
      ))}
    </p>
  );
};

/** The new referral's side: where it was sent on from. */
export const SentOnFromNote = ({ desk }: { desk: DeskReferral }) => {
  const { referral } = desk;
  if (!referral.redirectedFrom) return null;
  if (desk.direction === 'incoming')
    return <p className="hint">Sent on from a referral that another service could not take.</p>;
  const earlier = desk.sentOnFrom ?? null;
  return (
    <p className="hint">
      <a href={href({ name: 'referral', id: referral.redirectedFrom })}>
        {earlier === null
          ? 'Sent on from an earlier referral of this client'
          : `Sent on from the referral to ${where(earlier)}`}
      </a>
      {earlier !== null && `, sent ${on(earlier)}`}
    </p>
  );
};

/** A few words for a row in "Referrals you have sent", so linked rows tell apart. */
export const sentOnWords = (desk: DeskReferral): string | null => {
  const onward = desk.sentOnTo ?? [];
  if (onward.length > 0) return `Sent on to ${onward.map((l) => l.serviceName).join(', ')}`;
  if (desk.direction === 'outgoing' && desk.referral.redirectedFrom)
    return desk.sentOnFrom
      ? `Sent on from ${desk.sentOnFrom.organisationName}`
      : 'Sent on from an earlier referral';
  return null;
};
