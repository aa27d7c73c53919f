/**
 * The referral lifecycle (DESIGN.md, "The referral lifecycle"), as pure data
 * and functions. The server alone decides; the client uses the same rules to
 * show only what is allowed.
 *
 *   draft ─send─▶ sent ─acknowledge─▶ acknowledged ─accept─▶ accepted ─record contact─▶ in progress ─close─▶ completed
 *                  │                      ├─decline─▶ declined
 *                  │                      ├─unable to contact─▶ unable-to-contact
 *                  ├─decline─▶ declined   └─(no answer past the limit)─▶ no-response
 *                  └─withdraw (referrer, until completed)─▶ withdrawn
 */

export const REFERRAL_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'accepted',
  'in-progress',
  'completed',
  'declined',
  'unable-to-contact',
  'withdrawn',
  'no-response',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Things a person (or, for `expire`, the server's clock) can do to a referral. */
export const REFERRAL_ACTIONS = [
  'send',
  'acknowledge',
  'accept',
  'decline',
  'unable-to-contact',
  'record-contact',
  'close',
  'withdraw',
  'expire',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** Which side of a referral may take an action. */
export type Side = 'referrer' | 'receiver' | 'system';

export const ACTION_SIDE: Readonly<Record<ReferralAction, Side>> = {
  send: 'referrer',
  acknowledge: 'receiver',
  accept: 'receiver',
  decline: 'receiver',
  'unable-to-contact': 'receiver',
  'record-contact': 'receiver',
  close: 'receiver',
  withdraw: 'referrer',
  expire: 'system',
};

const TRANSITIONS: Readonly<
  Record<ReferralStatus, Partial<Record<ReferralAction, ReferralStatus>>>
> = {
  draft: { send: 'sent' },
  sent: {
    acknowledge: 'acknowledged',
    decline: 'declined',
    withdraw: 'withdrawn',
    expire: 'no-response',
  },
  acknowledged: {
    accept: 'accepted',
    decline: 'declined',
    'unable-to-contact': 'unable-to-contact',
    withdraw: 'withdrawn',
    expire: 'no-response',
  },
  accepted: { 'record-contact': 'in-progress', withdraw: 'withdrawn' },
  'in-progress': { close: 'completed', withdraw: 'withdrawn' },
  completed: {},
  declined: {},
  'unable-to-contact': {},
  withdrawn: {},
  'no-response': {},
};

export const FINAL_STATUSES: ReadonlySet<ReferralStatus> = new Set(
  REFERRAL_STATUSES.filter((s) => Object.keys(TRANSITIONS[s]).length === 0),
);

export const isFinal = (status: ReferralStatus): boolean => FINAL_STATUSES.has(status);

export type TransitionRefusal = 'not-allowed-now' | 'wrong-side';

/**
 * The status an action leads to from `status` when taken by `side`, or why it
 * may not be taken. Total: every (status, action, side) has an answer.
 */
export const transition = (
  status: ReferralStatus,
  action: ReferralAction,
  side: Side,
): { ok: true; status: ReferralStatus } | { ok: false; reason: TransitionRefusal } => {
  if (ACTION_SIDE[action] !== side) return { ok: false, reason: 'wrong-side' };
  const next = TRANSITIONS[status][action];
  return next === undefined ? { ok: false, reason: 'not-allowed-now' } : { ok: true, status: next };
};

/** The actions `side` may take now: what the UI offers. */
export const allowedActions = (status: ReferralStatus, side: Side): ReferralAction[] =>
  REFERRAL_ACTIONS.filter((a) => ACTION_SIDE[a] === side && TRANSITIONS[status][a] !== undefined);

/** Coded decline reasons: "no capacity" is how a network learns its gaps. */
export const DECLINE_REASONS = [
  'no-capacity',
  'not-eligible',
  'not-appropriate',
  'client-declined',
  'duplicate',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * FHIR Task status for export (DESIGN.md, "Standards to meet"). The two ways a
 * referral can fail without a decision (no contact, no response) are both
 * `failed`; the Task's statusReason tells them apart.
 */
export const FHIR_TASK_STATUS: Readonly<Record<ReferralStatus, string>> = {
  draft: 'draft',
  sent: 'requested',
  acknowledged: 'received',
  accepted: 'accepted',
  'in-progress': 'in-progress',
  completed: 'completed',
  declined: 'rejected',
  'unable-to-contact': 'failed',
  withdrawn: 'cancelled',
  'no-response': 'failed',
};

/** Plain words for each status, for screens. */
export const STATUS_LABEL: Readonly<Record<ReferralStatus, string>> = {
  draft: 'Draft',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  completed: 'Completed',
  declined: 'Declined',
  'unable-to-contact': 'Unable to contact',
  withdrawn: 'Withdrawn',
  'no-response': 'No response',
};

/** Plain words for each decline reason, for screens and reports. */
export const DECLINE_REASON_LABEL: Readonly<Record<DeclineReason, string>> = {
  'no-capacity': 'No capacity at the moment',
  'not-eligible': 'The client is not eligible',
  'not-appropriate': 'Not the right service for this need',
  'client-declined': 'The client does not want the service',
  duplicate: 'A duplicate of another referral',
  other: 'Another reason',
};

/**
 * Where a referral ended without help, so the referrer may send the client
 * on elsewhere: a new referral linked to this one (a redirect).
 */
export const REDIRECTABLE_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  'declined',
  'unable-to-contact',
  'no-response',
]);

/**
 * Whether the referrer may still send the client on from this referral (#12):
 * it ended without help and has not been sent on already. Decided from the
 * data (the links every desk of the agency holds), not from this screen.
 */
export const mayRedirect = (status: ReferralStatus, sentOnTo: readonly unknown[] = []): boolean =>
  REDIRECTABLE_STATUSES.has(status) && sentOnTo.length === 0;

/**
 * A status inside a sentence, e.g. "Referred to Riverside (could not contact
 * the client)": every status in words, a draft as not sent yet, and an
 * unknown code (from a newer server) as "status not known" rather than a code.
 */
export const statusInSentence = (status: string): string => {
  if (status === 'draft') return 'not sent yet';
  if (status === 'unable-to-contact') return 'closed: could not contact the client';
  if (status === 'no-response') return 'closed: no response in time';
  const known = (REFERRAL_STATUSES as readonly string[]).includes(status);
  return known ? STATUS_LABEL[status as ReferralStatus].toLowerCase() : 'status not known';
};
