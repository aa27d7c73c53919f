import { describe, expect, it } from 'vitest';
import { toFhirTask } from '#src/referral/fhir.ts';
import { REFERRAL_STATUSES } from '#src/referral/lifecycle.ts';
import type { Referral } from '#src/wire/referral.ts';

/** Task.status codes of HL7 FHIR R4 (http://hl7.org/fhir/task-status). */
const FHIR_R4_TASK_STATUSES = new Set([
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'ready',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
]);

const referral = (status: Referral['status'], extra: Partial<Referral> = {}): Referral => ({
  id: '01920000-0000-7000-8000-000000000001',
  status,
  from: {
    organisationId: '01920000-0000-7000-8000-0000000000a1',
    organisationName: 'Northgate Advice Centre',
  },
  to: {
    organisationId: '01920000-0000-7000-8000-0000000000b1',
    organisationName: 'Riverside Foodbank',
    serviceId: '01920000-0000-7000-8000-0000000000c1',
    serviceName: 'Emergency food parcels',
  },
  issues: ['food-support'],
  postcodeDistrict: 'NR1',
  urgent: false,
  sentAt: '2026-11-20T10:00:00.000Z',
  acknowledgeBy: '2026-11-25',
  actBy: null,
  payload: {
    client: {
      name: 'Dana Example',
      dateOfBirth: '1984-03-02',
      phone: '07700 900123',
      email: null,
      address: null,
      postcode: 'NR1 3AB',
      preferredContact: 'phone',
    },
    needs: 'No food until payday.',
  },
  consent: {
    givenBy: 'client',
    representativeName: null,
    method: 'in-person',
    at: '2026-11-20T09:55:00.000Z',
    recordedBy: 'Alice Adviser',
    shared: ['name', 'phone'],
  },
  events: [],
  ...extra,
});

describe('FHIR Task export', () => {
  it('maps every status to a FHIR R4 Task status, one to one with its status reason', () => {
    const pairs = REFERRAL_STATUSES.map((s) => {
      const task = toFhirTask(referral(s));
      expect(FHIR_R4_TASK_STATUSES.has(task.status)).toBe(true);
      expect(task.businessStatus.coding[0].code).toBe(s);
      return `${task.status}|${task.statusReason?.coding[0].code ?? ''}`;
    });
    expect(new Set(pairs).size).toBe(REFERRAL_STATUSES.length);
    expect(toFhirTask(referral('no-response')).statusReason?.coding[0].code).toBe('no-response');
    expect(toFhirTask(referral('unable-to-contact')).status).toBe('failed');
    expect(toFhirTask(referral('withdrawn')).status).toBe('cancelled');
  });

  it('carries the coded decline reason, priority, parties and dates — and no personal data', () => {
    const task = toFhirTask(
      referral('declined', {
        urgent: true,
        events: [
          {
            id: '01920000-0000-7000-8000-0000000000e1',
            type: 'declined',
            at: '2026-11-21T11:00:00.000Z',
            actor: {
              userId: null,
              name: 'Bob Receiver',
              organisationId: null,
              organisationName: 'Riverside Foodbank',
            },
            data: { reason: 'no-capacity', text: 'Dana should try again next week' },
          },
        ],
      }),
    );
    expect(task).toMatchObject({
      resourceType: 'Task',
      status: 'rejected',
      statusReason: { coding: [{ code: 'no-capacity', display: 'No capacity at the moment' }] },
      priority: 'urgent',
      intent: 'order',
      authoredOn: '2026-11-20T10:00:00.000Z',
      lastModified: '2026-11-21T11:00:00.000Z',
      requester: { display: 'Northgate Advice Centre' },
      owner: { display: 'Riverside Foodbank' },
      focus: { display: 'Emergency food parcels' },
      input: [{ valueCode: 'food-support' }],
    });
    const json = JSON.stringify(task);
    for (const personal of ['Dana', '07700', 'No food until payday', 'NR1', 'Bob Receiver']) {
      expect(json).not.toContain(personal);
    }
  });

  it('leaves out the requester of a self-referral from the public', () => {
    const task = toFhirTask(
      referral('sent', { from: { organisationId: null, organisationName: 'Self-referral' } }),
    );
    expect(task.requester).toBeUndefined();
  });
});
