import { describe, expect, it } from 'vitest';
import { auditAboutText } from '#src/audit-about.ts';

describe('auditAboutText (#12)', () => {
  const date = (iso: string) => `<${iso.slice(0, 10)}>`;
  it('names the agencies and service of a referral, and when it was sent, not its id or client', () => {
    expect(
      auditAboutText(
        {
          kind: 'referral',
          from: 'Northgate Advice Centre',
          to: 'Riverside Foodbank',
          service: 'Emergency food parcels',
          sentAt: '2026-11-20T10:00:00.000Z',
        },
        date,
      ),
    ).toBe(
      'Referral from Northgate Advice Centre to Riverside Foodbank (Emergency food parcels), sent <2026-11-20>',
    );
    expect(
      auditAboutText(
        { kind: 'referral', from: null, to: 'R', service: 'S', sentAt: '2026-11-20T10:00:00Z' },
        date,
      ),
    ).toBe('Referral made by a member of the public to R (S), sent <2026-11-20>');
  });
  it('names a person, an agency and a service', () => {
    expect(auditAboutText({ kind: 'person', name: 'Bob Receiver' }, date)).toBe('Bob Receiver');
    expect(auditAboutText({ kind: 'agency', name: 'Riverside Foodbank' }, date)).toBe(
      'Riverside Foodbank',
    );
    expect(
      auditAboutText({ kind: 'service', name: 'Food parcels', agency: 'Riverside Foodbank' }, date),
    ).toBe('Food parcels, Riverside Foodbank');
  });
});
