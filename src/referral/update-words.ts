import type { ReferralUpdate } from '#src/contract.ts';

/**
 * An update as one plain English sentence (#12: it said "closed with an
 * outcome the referral for Tess"): what comes before the client's name and
 * what follows it, so a screen can make the name a link. The sentence is
 * "<who> (<agency>) <before> <client><after>"; the network itself, for a
 * referral closed for no response, is named by its name alone.
 */
const WORDS: Readonly<Record<ReferralUpdate['type'], readonly [before: string, after: string]>> = {
  sent: ['sent a referral for', ''],
  acknowledged: ['acknowledged the referral for', ''],
  accepted: ['accepted the referral for', ''],
  declined: ['declined the referral for', ''],
  'unable-to-contact': ['could not contact', ' and closed the referral'],
  'contact-recorded': ['made first contact with', ''],
  closed: ['closed the referral for', ' with an outcome'],
  withdrawn: ['withdrew the referral for', ''],
  expired: ['closed the referral for', ' because no response came in time'],
  note: ['added a note to the referral for', ''],
  claimed: ['took on the referral for', ''],
  assigned: ['gave a colleague the referral for', ''],
  'document-attached': ['attached a document to the referral for', ''],
  erased: ['erased the details in the referral for', ' at the client’s request'],
};

export type UpdateSentence = { before: string; client: string; after: string };

export const updateSentence = (
  u: Pick<ReferralUpdate, 'type' | 'toYou' | 'actorName' | 'actorOrganisation' | 'clientName'>,
): UpdateSentence => {
  const [did, after] =
    u.toYou === true ? (['gave you the referral for', ''] as const) : WORDS[u.type];
  // The network closes a referral itself: no person to name, and no "(automatic)".
  const who =
    u.type === 'expired' ? u.actorOrganisation : `${u.actorName} (${u.actorOrganisation})`;
  return {
    before: `${who} ${did} `,
    client: u.clientName,
    after,
  };
};

/** The whole sentence as text, for tests and anything without links. */
export const updateText = (u: Parameters<typeof updateSentence>[0]): string => {
  const s = updateSentence(u);
  return `${s.before}${s.client}${s.after}`;
};
