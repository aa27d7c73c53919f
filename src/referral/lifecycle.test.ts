import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTION_SIDE,
  allowedActions,
  FHIR_TASK_STATUS,
  isFinal,
  REFERRAL_ACTIONS,
  REFERRAL_STATUSES,
  statusInSentence,
  transition,
} from '#src/referral/lifecycle.ts';
import type { ReferralStatus, Side } from '#src/referral/lifecycle.ts';

const sides: Side[] = ['referrer', 'receiver', 'system'];

describe('referral lifecycle', () => {
  it('follows the happy path from draft to completed', () => {
    let status: ReferralStatus = 'draft';
    for (const [action, side] of [
      ['send', 'referrer'],
      ['acknowledge', 'receiver'],
      ['accept', 'receiver'],
      ['record-contact', 'receiver'],
      ['close', 'receiver'],
    ] as const) {
      const next = transition(status, action, side);
      if (!next.ok) throw new Error(`${action} refused from ${status}`);
      status = next.status;
    }
    expect(status).toBe('completed');
  });

  it('lets only the receiver acknowledge, and only the referrer withdraw', () => {
    expect(transition('sent', 'acknowledge', 'referrer')).toEqual({
      ok: false,
      reason: 'wrong-side',
    });
    expect(transition('sent', 'withdraw', 'receiver')).toEqual({ ok: false, reason: 'wrong-side' });
    expect(transition('sent', 'withdraw', 'referrer')).toEqual({ ok: true, status: 'withdrawn' });
  });

  it('allows withdraw until completed, and nothing after a final status', () => {
    for (const s of ['sent', 'acknowledged', 'accepted', 'in-progress'] as const) {
      expect(allowedActions(s, 'referrer')).toContain('withdraw');
    }
    for (const s of REFERRAL_STATUSES.filter(isFinal)) {
      for (const side of sides) expect(allowedActions(s, side)).toEqual([]);
    }
    expect(transition('acknowledged', 'acknowledge', 'receiver')).toEqual({
      ok: false,
      reason: 'not-allowed-now',
    });
  });

  it('maps every status onto a FHIR Task status', () => {
    const fhir = new Set([
      'draft',
      'requested',
      'received',
      'accepted',
      'rejected',
      'in-progress',
      'completed',
      'cancelled',
      'failed',
    ]);
    for (const s of REFERRAL_STATUSES) expect(fhir.has(FHIR_TASK_STATUS[s])).toBe(true);
  });

  it('never leaves the set of statuses, and allowedActions agrees with transition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...REFERRAL_ACTIONS), fc.constantFrom(...sides)), {
          maxLength: 30,
        }),
        (steps) => {
          let status: ReferralStatus = 'draft';
          for (const [action, side] of steps) {
            const allowed = allowedActions(status, side).includes(action);
            const next = transition(status, action, side);
            expect(next.ok).toBe(allowed);
            if (next.ok) {
              expect(REFERRAL_STATUSES).toContain(next.status);
              expect(ACTION_SIDE[action]).toBe(side);
              status = next.status;
            }
          }
        },
      ),
    );
  });
});

describe('statusInSentence (#12)', () => {
  it('gives every status in words, never its code', () => {
    for (const status of REFERRAL_STATUSES) {
      const words = statusInSentence(status);
      expect(words).not.toMatch(/-/);
      expect(words.length).toBeGreaterThan(0);
    }
    expect(statusInSentence('unable-to-contact')).toBe('closed: could not contact the client');
    expect(statusInSentence('no-response')).toBe('closed: no response in time');
    expect(statusInSentence('draft')).toBe('not sent yet');
    expect(statusInSentence('some-new-status')).toBe('status not known');
  });
});
