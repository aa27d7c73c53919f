import type { Migration } from '#main/store/open.ts';

/**
 * Migration 6: the case an incoming referral started on this desk (#3), so
 * the referral and the case link to each other. No foreign key: erasing a
 * client's cases (data-protection.ts) must not be blocked by the link; a
 * dangling id reads as "no case".
 */
export const referralCaseMigration: Migration = {
  version: 6,
  name: 'the case started from an incoming referral',
  up: (db) => {
    db.exec(`ALTER TABLE referrals ADD COLUMN case_id TEXT;`);
  },
};
