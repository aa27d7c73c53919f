import { describe, expect, it } from 'vitest';
import {
  can,
  invitableRoles,
  PERMISSION_NAMES,
  PERMISSIONS,
  resetDelivery,
  type AccountRef,
} from '#src/roles.ts';
import { ROLES } from '#src/wire/api.ts';

describe('the roles matrix', () => {
  it('gives every permission to at least one role, and only to known roles', () => {
    for (const p of PERMISSION_NAMES) {
      expect(PERMISSIONS[p].length).toBeGreaterThan(0);
      for (const r of PERMISSIONS[p]) expect(ROLES).toContain(r);
    }
  });

  it('keeps advisers to casework: no lead or coordinator powers', () => {
    const adviser = PERMISSION_NAMES.filter((p) => can('adviser', p)).sort();
    expect(adviser).toEqual(
      [
        'account.self',
        'casework.series',
        'directory.read',
        'referral.act',
        // The inbox (#3): take a referral, or give it to a colleague.
        'referral.assign',
        'referral.claim',
        'referral.read',
        'referral.send',
      ].sort(),
    );
  });

  it('gives coordinators figures and the audit log but never client details', () => {
    expect(can('coordinator', 'figures.network')).toBe(true);
    expect(can('coordinator', 'audit.network')).toBe(true);
    expect(can('coordinator', 'referral.read')).toBe(false);
    expect(can('coordinator', 'referral.send')).toBe(false);
    expect(can('administrator', 'referral.read')).toBe(false);
  });

  it('lets a coordinator invite leads and a lead invite advisers, nobody else', () => {
    expect(invitableRoles('coordinator')).toEqual(['lead']);
    expect(invitableRoles('lead')).toEqual(['adviser']);
    expect(invitableRoles('adviser')).toEqual([]);
    expect(invitableRoles('administrator')).toEqual([]);
    expect(can('lead', 'invite.staff') && !can('adviser', 'invite.staff')).toBe(true);
  });

  it('never lets a reset code for agency staff reach anyone outside the agency (#12)', () => {
    const north = '00000000-0000-7000-8000-000000000001';
    const river = '00000000-0000-7000-8000-000000000002';
    const who = (id: string, role: AccountRef['role'], organisationId: string | null) => ({
      id,
      role,
      organisationId,
    });
    const coordinator = who('co', 'coordinator', null);
    const lead = who('lead', 'lead', north);
    const adviser = who('ade', 'adviser', north);
    const otherLead = who('lead2', 'lead', north);
    const outsider = who('out', 'lead', river);
    // The coordinator is never 'shown' a code for agency staff.
    expect(resetDelivery(coordinator, adviser, 1)).toBe('person-or-lead');
    expect(resetDelivery(coordinator, adviser, 0)).toBe('person-only');
    expect(resetDelivery(coordinator, lead, 0)).toBe('person-only');
    expect(resetDelivery(coordinator, lead, 1)).toBe('person-or-lead');
    // Their own kind, they may.
    expect(resetDelivery(coordinator, who('co2', 'coordinator', null), 0)).toBe('shown');
    // A lead: their own agency's staff only.
    expect(resetDelivery(lead, adviser, 1)).toBe('shown');
    expect(resetDelivery(lead, otherLead, 1)).toBe('shown');
    expect(resetDelivery(outsider, adviser, 2)).toBeNull();
    expect(resetDelivery(lead, coordinator, 0)).toBeNull();
    // Nobody resets themselves, an administrator, or anything as an adviser.
    expect(resetDelivery(lead, lead, 1)).toBeNull();
    expect(resetDelivery(coordinator, who('adm', 'administrator', null), 0)).toBeNull();
    expect(resetDelivery(adviser, who('ade2', 'adviser', north), 1)).toBeNull();
  });
});
