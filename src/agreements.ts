/**
 * The two agreements every network member accepts (issue #6). The version
 * is recorded with each acceptance: change the words, change the version,
 * and everyone is asked again.
 */
export const AGREEMENT_KINDS = ['data-sharing', 'user'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export type Agreement = {
  kind: AgreementKind;
  version: string;
  title: string;
  points: readonly string[];
};

export const AGREEMENTS: Readonly<Record<AgreementKind, Agreement>> = {
  'data-sharing': {
    kind: 'data-sharing',
    version: '2026-11-v1',
    title: 'Data-sharing agreement between the agencies of this network',
    points: [
      'We share a client’s details with another agency only with the client’s consent, recorded with the referral, and only the details the referral needs.',
      'We use the details we receive only to help that client, and keep them no longer than our retention policy allows.',
      'We act on referrals we receive within the network’s agreed working-day deadlines, or say promptly why we cannot.',
      'We keep our staff’s accounts personal, remove access when someone leaves, and report any data breach to the network coordinator at once.',
      'The network coordinator sees figures about referrals, never a client’s details.',
    ],
  },
  user: {
    kind: 'user',
    version: '2026-11-v1',
    title: 'Your agreement as a user of Handover',
    points: [
      'I will ask the client for their consent before I make a referral, and record how they gave it.',
      'I will act on referrals to my agency within the agreed deadlines, or tell the referrer why not.',
      'I will not share my password or two-factor codes with anyone, and will sign out of shared computers.',
      'I will look only at clients and referrals I need to, for my work.',
    ],
  },
};
