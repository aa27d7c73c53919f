import {
  DECLINE_REASON_LABEL,
  DECLINE_REASONS,
  FHIR_TASK_STATUS,
} from '#src/referral/lifecycle.ts';
import type { ReferralStatus } from '#src/referral/lifecycle.ts';
import type { Referral } from '#src/wire/referral.ts';

/**
 * A referral as an HL7 FHIR R4 Task (DESIGN.md, "Standards to meet"), for
 * export to other closed-loop referral systems and reports. Routing metadata
 * only: the client's details and the referral's words never leave this way.
 *
 * Each of our statuses maps to exactly one (Task.status, Task.statusReason)
 * pair: the two ways a referral fails without a decision (no contact, no
 * response) share `failed` and differ in statusReason.
 */
export const FHIR_STATUS_REASON_SYSTEM = 'https://handover.example/fhir/CodeSystem/referral-status';
export const FHIR_DECLINE_REASON_SYSTEM = 'https://handover.example/fhir/CodeSystem/decline-reason';

type Coding = { system: string; code: string; display: string };
type Reference = { identifier: { system: string; value: string }; display: string };

export type FhirTask = {
  resourceType: 'Task';
  id: string;
  status: string;
  /** Our own status, always: it is what makes the mapping one to one. */
  businessStatus: { coding: [Coding] };
  statusReason?: { coding: [Coding]; text?: string };
  intent: 'order';
  priority: 'routine' | 'urgent';
  authoredOn: string;
  lastModified: string;
  requester?: Reference;
  owner: Reference;
  /** The service the referral is for (HSDS service id). */
  focus: Reference;
  input: { type: { text: string }; valueCode: string }[];
};

const ORG_SYSTEM = 'https://handover.example/fhir/organisation-id';
const SERVICE_SYSTEM = 'https://handover.example/fhir/service-id';

const STATUS_DISPLAY: Readonly<Record<ReferralStatus, string>> = {
  draft: 'Draft',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  completed: 'Completed',
  declined: 'Declined',
  'unable-to-contact': 'Unable to contact the client',
  withdrawn: 'Withdrawn by the referrer',
  'no-response': 'No response in time',
};

const declineReasonOf = (referral: Referral): Coding | null => {
  const declined = referral.events.findLast((e) => e.type === 'declined');
  const code = DECLINE_REASONS.find((r) => r === declined?.data.reason);
  return code === undefined
    ? null
    : { system: FHIR_DECLINE_REASON_SYSTEM, code, display: DECLINE_REASON_LABEL[code] };
};

export const toFhirTask = (referral: Referral): FhirTask => {
  const status = referral.status;
  const ours: Coding = {
    system: FHIR_STATUS_REASON_SYSTEM,
    code: status,
    display: STATUS_DISPLAY[status],
  };
  const decline = status === 'declined' ? declineReasonOf(referral) : null;
  const statusReason =
    status === 'declined' && decline !== null
      ? { coding: [decline] as [Coding] }
      : FHIR_TASK_STATUS[status] === 'failed'
        ? { coding: [ours] as [Coding] }
        : null;
  const lastEvent = referral.events.at(-1);
  return {
    resourceType: 'Task',
    id: referral.id,
    status: FHIR_TASK_STATUS[status],
    businessStatus: { coding: [ours] },
    ...(statusReason !== null && { statusReason }),
    intent: 'order',
    priority: referral.urgent ? 'urgent' : 'routine',
    authoredOn: referral.sentAt,
    lastModified: lastEvent?.at ?? referral.sentAt,
    ...(referral.from.organisationId !== null && {
      requester: {
        identifier: { system: ORG_SYSTEM, value: referral.from.organisationId },
        display: referral.from.organisationName,
      },
    }),
    owner: {
      identifier: { system: ORG_SYSTEM, value: referral.to.organisationId },
      display: referral.to.organisationName,
    },
    focus: {
      identifier: { system: SERVICE_SYSTEM, value: referral.to.serviceId },
      display: referral.to.serviceName,
    },
    input: referral.issues.map((issue) => ({ type: { text: 'issue' }, valueCode: issue })),
  };
};
