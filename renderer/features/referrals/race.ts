import type { DeskReferral } from '#src/contract.ts';
import { reasonText, type Reason } from '#src/reasons.ts';
import type { ReferralEvent } from '#src/wire/referral.ts';
import { formatTime } from '#renderer/components/format.ts';

/** What each lifecycle event did, as the end of "Bob at Riverside Foodbank …". */
const DID: Partial<Record<ReferralEvent['type'], (e: ReferralEvent) => string>> = {
  acknowledged: () => 'acknowledged this referral',
  accepted: () => 'accepted this referral',
  declined: () => 'declined this referral',
  'unable-to-contact': () => 'closed this referral: they could not contact the client',
  'contact-recorded': () => 'recorded first contact with the client',
  closed: () => 'closed this referral with an outcome',
  withdrawn: () => 'withdrew this referral',
  expired: () => 'closed this referral: no response in time',
};

/** Who holds a referral changes no status: these explain a refused claim. */
const HELD: Partial<Record<ReferralEvent['type'], (e: ReferralEvent) => string>> = {
  claimed: () => 'took this referral to handle themselves',
  assigned: (e) =>
    typeof e.data.name === 'string'
      ? `gave this referral to ${e.data.name}`
      : 'gave this referral to a colleague',
};

const RACES: ReadonlySet<string> = new Set(['not-allowed-now', 'conflict', 'already-held']);

/**
 * Explains a race the server decided: who moved the referral on (or took it)
 * before this desk's action arrived. Null when the refusal was not a race, or
 * the server's newer view has not arrived yet (the reason's words then suffice).
 */
export const raceExplanation = (desk: DeskReferral): string | null => {
  if (desk.refused === null || !RACES.has(desk.refused)) return null;
  const words = desk.refused === 'already-held' ? HELD : DID;
  const last = desk.referral.events.findLast((e) => words[e.type] !== undefined);
  const did = last === undefined ? undefined : words[last.type];
  if (last === undefined || did === undefined) return null;
  const who =
    last.actor.userId === null
      ? 'The network'
      : `${last.actor.name} at ${last.actor.organisationName}`;
  return `${who} ${did(last)} at ${formatTime(last.at)}, before your action reached the network, so yours was not applied. Nothing else has changed.`;
};

/**
 * Why an action was refused here, before it was even sent: this desk had
 * already heard that someone else moved the referral on (the screen had not
 * caught up when the button was pressed). Said the same way as a race the
 * server decided; any other refusal, or no newer view, in the reason's words.
 */
export const explainRefusal = (reason: Reason, latest: DeskReferral | null): string =>
  (latest !== null && raceExplanation({ ...latest, refused: reason })) || reasonText(reason);
