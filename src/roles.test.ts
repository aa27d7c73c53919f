import { describe, expect, it } from 'vitest';
import { can, invitableRoles, PERMISSION_NAMES, PERMISSIONS } from '#src/roles.ts';
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
});
